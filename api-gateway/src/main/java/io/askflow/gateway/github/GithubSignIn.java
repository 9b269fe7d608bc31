package io.askflow.gateway.github;

import io.askflow.gateway.GatewayProperties;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;

/**
 * Sign-in with GitHub through Spring Security's OAuth 2.0 client: {@code GET /auth/login} redirects to
 * GitHub with state and PKCE, {@code GET /auth/callback} checks the state, exchanges the code, reads
 * {@code /user} and answers with AskFlow's own token. GitHub Enterprise: set the two base URLs.
 */
public class GithubSignIn {

    static final String CALLBACK_PATH = "/auth/callback";

    private final GatewayProperties.Github github;
    private final DatabaseAuthorizationRequestRepository states;
    private final SignInHandlers handlers;

    GithubSignIn(
            GatewayProperties.Github github, DatabaseAuthorizationRequestRepository states, SignInHandlers handlers) {
        this.github = github;
        this.states = states;
        this.handlers = handlers;
    }

    public boolean configured() {
        return github.configured();
    }

    /** Adds the OAuth 2.0 login to the filter chain when this environment has a GitHub OAuth app. */
    public void configure(HttpSecurity http) throws Exception {
        if (!configured()) {
            return;
        }
        InMemoryClientRegistrationRepository registrations = new InMemoryClientRegistrationRepository(registration());
        http.oauth2Login(login -> login.loginPage(LoginRequestResolver.LOGIN_PATH)
                .clientRegistrationRepository(registrations)
                .authorizedClientRepository(new DiscardingAuthorizedClientRepository())
                .authorizationEndpoint(
                        endpoint -> endpoint.authorizationRequestResolver(new LoginRequestResolver(registrations))
                                .authorizationRequestRepository(states))
                .redirectionEndpoint(endpoint -> endpoint.baseUri(CALLBACK_PATH))
                .loginProcessingUrl(CALLBACK_PATH)
                .successHandler(handlers)
                .failureHandler(handlers));
    }

    private ClientRegistration registration() {
        String oauth = trimSlash(github.oauthBaseUrl());
        String api = trimSlash(github.apiBaseUrl());
        return ClientRegistration.withRegistrationId(GithubOAuthConfig.REGISTRATION_ID)
                .clientId(github.clientId())
                .clientSecret(github.clientSecret())
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("{baseUrl}" + CALLBACK_PATH)
                .scope("read:user")
                .authorizationUri(oauth + "/login/oauth/authorize")
                .tokenUri(oauth + "/login/oauth/access_token")
                .userInfoUri(api + "/user")
                .userNameAttributeName("id")
                .clientName("GitHub")
                .build();
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}

package io.askflow.gateway.github;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;

/**
 * {@code GET /auth/login} starts the GitHub sign-in: Spring Security's own resolver builds the authorization
 * request, with a random state and PKCE (S256), which GitHub supports for confidential clients too.
 */
class LoginRequestResolver implements OAuth2AuthorizationRequestResolver {

    static final String LOGIN_PATH = "/auth/login";
    /** The web app's sign-in: the same flow, ending in a session cookie and a redirect to the app. */
    static final String WEB_LOGIN_PATH = "/auth/web-login";
    /** Marks a pending sign-in as the web app's; kept with the request in the state store. */
    static final String WEB_ATTRIBUTE = "askflow_web";

    private final DefaultOAuth2AuthorizationRequestResolver delegate;

    LoginRequestResolver(ClientRegistrationRepository registrations) {
        delegate = new DefaultOAuth2AuthorizationRequestResolver(registrations, LOGIN_PATH);
        delegate.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
    }

    @Override
    public OAuth2AuthorizationRequest resolve(HttpServletRequest request) {
        if (!"GET".equals(request.getMethod())) {
            return null;
        }
        if (LOGIN_PATH.equals(request.getRequestURI())) {
            return delegate.resolve(request, GithubOAuthConfig.REGISTRATION_ID);
        }
        if (WEB_LOGIN_PATH.equals(request.getRequestURI())) {
            OAuth2AuthorizationRequest authorization = delegate.resolve(request, GithubOAuthConfig.REGISTRATION_ID);
            return authorization == null
                    ? null
                    : OAuth2AuthorizationRequest.from(authorization)
                            .attributes(attributes -> attributes.put(WEB_ATTRIBUTE, Boolean.TRUE))
                            .build();
        }
        return null;
    }

    @Override
    public OAuth2AuthorizationRequest resolve(HttpServletRequest request, String clientRegistrationId) {
        return delegate.resolve(request, clientRegistrationId);
    }
}

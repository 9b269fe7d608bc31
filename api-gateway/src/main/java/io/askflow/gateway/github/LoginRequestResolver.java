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

    private final DefaultOAuth2AuthorizationRequestResolver delegate;

    LoginRequestResolver(ClientRegistrationRepository registrations) {
        delegate = new DefaultOAuth2AuthorizationRequestResolver(registrations, LOGIN_PATH);
        delegate.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
    }

    @Override
    public OAuth2AuthorizationRequest resolve(HttpServletRequest request) {
        return LOGIN_PATH.equals(request.getRequestURI()) && "GET".equals(request.getMethod())
                ? delegate.resolve(request, GithubOAuthConfig.REGISTRATION_ID)
                : null;
    }

    @Override
    public OAuth2AuthorizationRequest resolve(HttpServletRequest request, String clientRegistrationId) {
        return delegate.resolve(request, clientRegistrationId);
    }
}

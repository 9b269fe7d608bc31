package io.askflow.gateway.github;

import io.askflow.gateway.security.BrowserSession;
import io.askflow.gateway.security.TokenService;
import io.askflow.gateway.users.TokenResponse;
import io.askflow.gateway.users.UserRepository;
import io.askflow.gateway.users.UserView;
import io.askflow.gateway.web.Problems;
import io.askflow.gateway.web.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.user.OAuth2User;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import tools.jackson.databind.ObjectMapper;

/**
 * The end of a GitHub sign-in: on success the user is upserted by GitHub's numeric id (a rename updates the
 * login and keeps everything else) and gets AskFlow's token; on failure a problem document, and a log line
 * with the reason, never a token. A sign-in the web app started ends instead with its session cookie and a
 * redirect to the app.
 */
class SignInHandlers implements AuthenticationSuccessHandler, AuthenticationFailureHandler {

    private static final Logger log = LoggerFactory.getLogger(SignInHandlers.class);
    private static final Set<String> BAD_STATE = Set.of(
            "authorization_request_not_found",
            "invalid_state_parameter",
            "invalid_request",
            "invalid_redirect_uri_parameter");

    private final UserRepository users;
    private final BrowserSession sessions;
    private final TokenService tokens;
    private final ObjectMapper mapper;
    private final Clock clock;

    SignInHandlers(
            UserRepository users, BrowserSession sessions, TokenService tokens, ObjectMapper mapper, Clock clock) {
        this.users = users;
        this.sessions = sessions;
        this.tokens = tokens;
        this.mapper = mapper;
        this.clock = clock;
    }

    @Override
    public void onAuthenticationSuccess(
            HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException {
        OAuth2User github = (OAuth2User) authentication.getPrincipal();
        long id = ((Number) github.getAttributes().get("id")).longValue();
        String login = String.valueOf(github.getAttributes().get("login"));
        users.upsert(id, login, clock.millis());
        if (webSignIn(request)) {
            sessions.start(response, id, login);
            log.info("signed in to the web app with GitHub: user {} ({})", id, login);
            response.setHeader("Cache-Control", "no-store");
            response.sendRedirect("/");
            return;
        }
        TokenService.IssuedToken token = tokens.issue(id, login);
        log.info("signed in with GitHub: user {} ({})", id, login);
        response.setStatus(HttpStatus.OK.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setHeader("Cache-Control", "no-store");
        mapper.writeValue(
                response.getOutputStream(),
                new TokenResponse(token.value(), "Bearer", token.expiresAt(), new UserView(id, login)));
    }

    private static boolean webSignIn(HttpServletRequest request) {
        return Boolean.TRUE.equals(request.getAttribute(LoginRequestResolver.WEB_ATTRIBUTE));
    }

    @Override
    public void onAuthenticationFailure(
            HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException {
        String code = exception instanceof OAuth2AuthenticationException oauth
                ? oauth.getError().getErrorCode()
                : "authentication_failed";
        HttpStatus status;
        String detail;
        if (BAD_STATE.contains(code)) {
            status = HttpStatus.BAD_REQUEST;
            detail = "The sign-in request is unknown, expired or already used; start again at /auth/login.";
        } else if ("invalid_user_info_response".equals(code)) {
            status = HttpStatus.BAD_GATEWAY;
            detail = "GitHub did not tell us who you are; try again.";
        } else {
            status = HttpStatus.UNAUTHORIZED;
            detail = "GitHub refused the sign-in; start again at /auth/login.";
        }
        log.warn(
                "authentication failed: request_id={} endpoint={} {} reason=\"{}: {}\"",
                RequestIds.of(request),
                request.getMethod(),
                request.getRequestURI(),
                code,
                exception.getMessage());
        if (webSignIn(request)) {
            response.sendRedirect("/?sign-in=failed");
            return;
        }
        Problems.write(response, mapper, Problems.of(status, "sign-in-failed", "Sign-in failed", detail, request));
    }
}

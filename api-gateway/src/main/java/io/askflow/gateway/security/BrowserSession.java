package io.askflow.gateway.security;

import io.askflow.gateway.GatewayProperties;
import io.askflow.runtime.AppEnvironment;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;

/**
 * The web app's session: one of the gateway's own tokens, of the session's lifetime, in a cookie that scripts
 * cannot read ({@code HttpOnly}), that travels over HTTPS only outside dev ({@code Secure}) and not on
 * cross-site subrequests or form posts ({@code SameSite=Lax}). Nothing is kept on the server, so any gateway
 * serves any session. Requests that carry it need a CSRF token as well (SecurityConfig).
 */
@Component
public class BrowserSession {

    public static final String COOKIE = "askflow_session";
    public static final String CSRF_COOKIE = "XSRF-TOKEN";

    private final TokenService tokens;
    private final Duration ttl;
    private final boolean secure;

    BrowserSession(TokenService tokens, GatewayProperties properties, AppEnvironment environment) {
        this.tokens = tokens;
        this.ttl = properties.auth().sessionTtl();
        this.secure = !environment.isDev();
    }

    boolean secure() {
        return secure;
    }

    /**
     * Signs the user in: sets the session cookie, and expires any CSRF token from before, so the session gets a
     * fresh one with its next request (a token planted before sign-in is worth nothing after it).
     */
    public void start(HttpServletResponse response, long userId, String login) {
        TokenService.IssuedToken token = tokens.issue(userId, login, ttl);
        response.addHeader(HttpHeaders.SET_COOKIE, cookie(COOKIE, token.value(), ttl, true));
        response.addHeader(HttpHeaders.SET_COOKIE, cookie(CSRF_COOKIE, "", Duration.ZERO, false));
    }

    /** Signs the user out: expires the session cookie and the CSRF cookie. */
    void end(HttpServletResponse response) {
        response.addHeader(HttpHeaders.SET_COOKIE, cookie(COOKIE, "", Duration.ZERO, true));
        response.addHeader(HttpHeaders.SET_COOKIE, cookie(CSRF_COOKIE, "", Duration.ZERO, false));
    }

    private String cookie(String name, String value, Duration maxAge, boolean httpOnly) {
        return ResponseCookie.from(name, value)
                .httpOnly(httpOnly)
                .secure(secure)
                .sameSite("Lax")
                .path("/")
                .maxAge(maxAge)
                .build()
                .toString();
    }

    /** The session cookie's token, or null. */
    static String token(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie cookie : cookies) {
            if (COOKIE.equals(cookie.getName()) && !cookie.getValue().isEmpty()) {
                return cookie.getValue();
            }
        }
        return null;
    }
}

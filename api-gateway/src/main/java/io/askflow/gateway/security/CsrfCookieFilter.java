package io.askflow.gateway.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Runs right after Spring Security's CSRF filter. Hands the web app its CSRF token as the readable
 * {@code XSRF-TOKEN} cookie whenever it has a session, so its scripts can echo it in {@code X-XSRF-TOKEN}; API
 * clients without the session cookie get no cookie at all. And marks the request as past the CSRF check: only
 * then may the session cookie authenticate it (the resource server exempts from CSRF every request its token
 * resolver finds a credential in, so the resolver must not see the cookie before the check).
 */
class CsrfCookieFilter extends OncePerRequestFilter {

    static final String CSRF_CHECKED = CsrfCookieFilter.class.getName() + ".checked";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (BrowserSession.token(request) != null
                && request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken token) {
            token.getToken();
        }
        request.setAttribute(CSRF_CHECKED, Boolean.TRUE);
        chain.doFilter(request, response);
    }
}

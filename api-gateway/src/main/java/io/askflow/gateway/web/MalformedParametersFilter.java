package io.askflow.gateway.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.ObjectMapper;

/**
 * Tomcat parses the query string lazily, on the first read of a parameter, and throws when it is malformed
 * (e.g. {@code ?=value}, a parameter without a name). In Spring MVC, {@link ApiExceptionHandler} answers; but
 * the GitHub sign-in's filters read the parameters of {@code /auth/*} before it and would turn the exception
 * into a 500. So the query string of those paths is parsed here first, and a malformed one answered as in
 * Spring MVC. Elsewhere a query string nobody reads stays unparsed, as before.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class MalformedParametersFilter extends OncePerRequestFilter {

    private final ObjectMapper mapper;

    MalformedParametersFilter(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        // POST is left alone: Tomcat would read a form body along with the query string
        return request.getQueryString() == null
                || !request.getRequestURI().startsWith("/auth/")
                || "POST".equals(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            request.getParameterMap();
        } catch (InvalidParameterException e) {
            Problems.write(response, mapper, problem(e, request));
            return;
        }
        chain.doFilter(request, response);
    }

    /** 400, or 413 when Tomcat gave up on parameters too large to parse. */
    static ProblemDetail problem(InvalidParameterException e, HttpServletRequest request) {
        if (e.getErrorCode() == HttpStatus.CONTENT_TOO_LARGE.value()) {
            return BodySizeLimitFilter.tooLarge(request);
        }
        return Problems.of(
                HttpStatus.BAD_REQUEST,
                "bad-request",
                "Bad request",
                "The query string is malformed (e.g. a parameter without a name, or bad %-encoding).",
                request);
    }
}

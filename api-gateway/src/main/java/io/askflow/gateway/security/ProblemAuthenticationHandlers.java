package io.askflow.gateway.security;

import io.askflow.gateway.web.Problems;
import io.askflow.gateway.web.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.ObjectMapper;

/** 401 and 403 as problem documents; the failure is logged with its reason, never with the token. */
class ProblemAuthenticationHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAuthenticationHandlers.class);

    private final ObjectMapper mapper;

    ProblemAuthenticationHandlers(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        boolean tokenPresent = request.getHeader("Authorization") != null;
        String reason = tokenPresent ? "invalid token: " + e.getMessage() : "no bearer token";
        log.warn(
                "authentication failed: request_id={} endpoint={} {} reason=\"{}\"",
                RequestIds.of(request),
                request.getMethod(),
                request.getRequestURI(),
                reason);
        response.setHeader("WWW-Authenticate", tokenPresent ? "Bearer error=\"invalid_token\"" : "Bearer");
        Problems.write(
                response,
                mapper,
                Problems.of(
                        HttpStatus.UNAUTHORIZED,
                        "unauthorized",
                        "Unauthorized",
                        tokenPresent ? "The bearer token is invalid or expired." : "A bearer token is required.",
                        request));
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        log.warn(
                "access denied: request_id={} endpoint={} {} reason=\"{}\"",
                RequestIds.of(request),
                request.getMethod(),
                request.getRequestURI(),
                e.getMessage());
        Problems.write(
                response,
                mapper,
                Problems.of(
                        HttpStatus.FORBIDDEN, "forbidden", "Forbidden", "You are not allowed to do this.", request));
    }
}

package io.askflow.gateway.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.ObjectMapper;

/** RFC 9457 problem documents with AskFlow's {@code request_id} member. */
public final class Problems {

    private static final String TYPE_BASE = "https://askflow.dev/problems/";

    private Problems() {}

    public static ProblemDetail of(
            HttpStatusCode status, String type, String title, String detail, HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + type));
        problem.setTitle(title);
        problem.setInstance(URI.create(request.getRequestURI()));
        problem.setProperty("request_id", RequestIds.of(request));
        return problem;
    }

    /**
     * What Spring Security's firewall refuses: an unknown method, an encoded slash or a semicolon in the path
     * (at once), a header value with control or non-ASCII characters (when the header is read).
     */
    public static ProblemDetail requestRejected(HttpServletRequest request) {
        return of(
                HttpStatus.BAD_REQUEST,
                "bad-request",
                "Bad request",
                "The request was refused: its method, URL or a header has characters or a form that is not allowed.",
                request);
    }

    /** For filters and security handlers, which answer outside Spring MVC's exception handling. */
    public static void write(HttpServletResponse response, ObjectMapper mapper, ProblemDetail problem)
            throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        mapper.writeValue(response.getOutputStream(), problem);
    }
}

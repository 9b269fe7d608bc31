package io.askflow.gateway.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Every error as an RFC 9457 problem document with the request id: the framework's own (405, 415, 404,
 * malformed JSON or JSON of the wrong types) through {@link ResponseEntityExceptionHandler}, ours through
 * {@link ApiException}, a malformed query string or a header the firewall refuses as a 400, and anything
 * unexpected as a 500 without internals.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> api(ApiException e, HttpServletRequest request) {
        ProblemDetail problem = Problems.of(e.status(), e.type(), e.title(), e.getMessage(), request);
        e.properties().forEach(problem::setProperty);
        return ResponseEntity.status(e.status()).headers(e.headers()).body(problem);
    }

    /** Tomcat parses the query string lazily and throws when it is malformed, e.g. {@code ?=value}. */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ProblemDetail> malformedQuery(InvalidParameterException e, HttpServletRequest request) {
        ProblemDetail problem = MalformedParametersFilter.problem(e, request);
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

    /** Spring Security's firewall checks header values when they are read, e.g. a non-ASCII Idempotency-Key. */
    @ExceptionHandler(RequestRejectedException.class)
    ResponseEntity<ProblemDetail> rejected(RequestRejectedException e, HttpServletRequest request) {
        return ResponseEntity.badRequest().body(Problems.requestRejected(request));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        log.error("unexpected error on {} {}", request.getMethod(), request.getRequestURI(), e);
        ProblemDetail problem = Problems.of(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "internal",
                "Internal error",
                "Something went wrong on our side; quote the request id when reporting it.",
                request);
        return ResponseEntity.internalServerError().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        HttpServletRequest servletRequest = ((ServletWebRequest) request).getRequest();
        if (cause(e, BodySizeLimitFilter.BodyTooLargeException.class) != null) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                    .body(BodySizeLimitFilter.tooLarge(servletRequest));
        }
        ProblemDetail problem = Problems.of(
                HttpStatus.BAD_REQUEST,
                "malformed-body",
                "Malformed request body",
                malformedBodyDetail(e),
                servletRequest);
        return ResponseEntity.badRequest().body(problem);
    }

    /** Adds type, request id and instance to the problems Spring MVC builds for its own exceptions. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(
            Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (body instanceof ProblemDetail problem && request instanceof ServletWebRequest servletRequest) {
            ProblemDetail enriched = Problems.of(
                    status,
                    "http-" + status.value(),
                    problem.getTitle(),
                    problem.getDetail(),
                    servletRequest.getRequest());
            return new ResponseEntity<>(enriched, headers, status);
        }
        return super.createResponseEntity(body, headers, status, request);
    }

    /** Names the member and the type it needs when a body is JSON of the wrong shape, e.g. a number for a string. */
    private static String malformedBodyDetail(HttpMessageNotReadableException e) {
        JacksonException jackson = cause(e, JacksonException.class);
        if (jackson == null || jackson.getPath().isEmpty()) {
            return "The request body is not valid JSON of the expected shape.";
        }
        String member = path(jackson.getPath());
        if (jackson instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return member + " must be " + expected(mismatch.getTargetType()) + ".";
        }
        if (jackson instanceof InputCoercionException) {
            return member + " is out of range.";
        }
        return member + " is not valid.";
    }

    private static String path(List<JacksonException.Reference> path) {
        return path.stream()
                .map(reference -> reference.getPropertyName() != null
                        ? reference.getPropertyName()
                        : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }

    private static String expected(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (type == Long.class || type == long.class || type == Integer.class || type == int.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        return type.isArray() || Iterable.class.isAssignableFrom(type) ? "an array" : "an object";
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }
}

package io.askflow.gateway.web;

import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * A failure with a definite HTTP answer, thrown by controllers and services and turned into a problem
 * document by {@link ApiExceptionHandler}.
 */
public class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final HttpStatus status;
    private final String type;
    private final String title;
    private final transient Map<String, Object> properties;
    private final transient HttpHeaders headers;

    public ApiException(HttpStatus status, String type, String title, String detail) {
        this(status, type, title, detail, Map.of(), HttpHeaders.EMPTY);
    }

    public ApiException(
            HttpStatus status,
            String type,
            String title,
            String detail,
            Map<String, Object> properties,
            HttpHeaders headers) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.properties = properties;
        this.headers = headers;
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, "bad-request", "Bad request", detail);
    }

    public static ApiException notFound() {
        return new ApiException(HttpStatus.NOT_FOUND, "not-found", "Not found", "No such resource.");
    }

    public HttpStatus status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public Map<String, Object> properties() {
        return properties;
    }

    public HttpHeaders headers() {
        return headers;
    }
}

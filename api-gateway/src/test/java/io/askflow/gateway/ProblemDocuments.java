package io.askflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** What every error answer of the gateway is: an RFC 9457 problem document carrying the request id. */
public final class ProblemDocuments {

    private ProblemDocuments() {}

    /** Asserts status, media type and the members every problem has; {@code type} is the last path segment. */
    public static void assertProblem(MvcTestResult result, HttpStatus status, String type) {
        String requestId = result.getResponse().getHeader("X-Request-Id");
        assertThat(requestId).as("X-Request-Id").isNotBlank();
        assertThat(result)
                .hasStatus(status)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyJson()
                .satisfies(json -> {
                    assertThat(json).extractingPath("$.type").isEqualTo("https://askflow.dev/problems/" + type);
                    assertThat(json).extractingPath("$.title").asString().isNotBlank();
                    assertThat(json).extractingPath("$.status").isEqualTo(status.value());
                    assertThat(json).extractingPath("$.detail").asString().isNotBlank();
                    assertThat(json).extractingPath("$.request_id").isEqualTo(requestId);
                    assertThat(json)
                            .extractingPath("$.instance")
                            .isEqualTo(result.getRequest().getRequestURI());
                });
    }
}

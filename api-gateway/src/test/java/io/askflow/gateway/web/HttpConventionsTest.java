package io.askflow.gateway.web;

import static io.askflow.gateway.ProblemDocuments.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.askflow.gateway.GatewayWebTest;
import io.askflow.gateway.security.TokenService;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** What holds for every endpoint: request ids, problem documents for the framework's own errors, limits. */
@GatewayWebTest
class HttpConventionsTest {

    /** The sign-in rate limit counts per client address: each test signs in from addresses of its own. */
    static final AtomicInteger ADDRESSES = new AtomicInteger();

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TokenService tokens;

    @Test
    void aWellFormedRequestIdIsEchoed() {
        assertThat(mvc.get().uri("/me").header(RequestIds.HEADER, "trace-me:1.a_b"))
                .hasHeader(RequestIds.HEADER, "trace-me:1.a_b")
                .bodyJson()
                .extractingPath("$.request_id")
                .isEqualTo("trace-me:1.a_b");
    }

    @Test
    void anUnsafeOrOverlongRequestIdIsReplacedNeverReflected() {
        for (String unsafe : new String[] {"two words", "<script>", "x".repeat(65), ""}) {
            MvcTestResult result =
                    mvc.get().uri("/me").header(RequestIds.HEADER, unsafe).exchange();

            assertThat(result.getResponse().getHeader(RequestIds.HEADER))
                    .as(unsafe)
                    .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        }
    }

    @Test
    void everyAnswerHasARequestIdEvenWithoutOneSent() {
        MvcTestResult result = mvc.get().uri("/me").exchange();

        assertThat(result.getResponse().getHeader(RequestIds.HEADER)).isNotBlank();
    }

    @Test
    void anUnknownRouteIsA404Problem() {
        assertProblem(authorized(mvc.get().uri("/no-such-thing")), HttpStatus.NOT_FOUND, "http-404");
    }

    @Test
    void anUnsupportedMethodIsA405Problem() {
        assertProblem(authorized(mvc.delete().uri("/me")), HttpStatus.METHOD_NOT_ALLOWED, "http-405");
    }

    @Test
    void aBodyThatIsNotJsonIsA415Problem() {
        assertProblem(
                mvc.post()
                        .uri("/auth/dev-login")
                        .with(fromNewAddress())
                        .contentType(MediaType.TEXT_PLAIN)
                        .content("login=octocat&id=5")
                        .exchange(),
                HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "http-415");
    }

    @Test
    void malformedJsonIsA400Problem() {
        assertProblem(
                mvc.post()
                        .uri("/auth/dev-login")
                        .with(fromNewAddress())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"login\": ")
                        .exchange(),
                HttpStatus.BAD_REQUEST,
                "malformed-body");
    }

    @Test
    void aBodyOverTheLimitIsA413ProblemWhetherItsLengthIsDeclaredOrNot() {
        String oversized = "{\"login\": \"octocat\", \"id\": 5, \"padding\": \"" + "x".repeat(17 * 1024) + "\"}";
        byte[] body = oversized.getBytes(StandardCharsets.UTF_8);

        assertProblem(
                mvc.post()
                        .uri("/auth/dev-login")
                        .with(fromNewAddress())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body)
                        .exchange(),
                HttpStatus.CONTENT_TOO_LARGE,
                "body-too-large");
        // Transfer-Encoding: chunked, no Content-Length: refused while Jackson reads it
        assertProblem(
                mvc.perform(servletContext -> {
                    MockHttpServletRequest request =
                            ChunkedRequests.chunked(servletContext, "POST", "/auth/dev-login", body);
                    request.setContentType(MediaType.APPLICATION_JSON_VALUE);
                    return fromNewAddress().postProcessRequest(request);
                }),
                HttpStatus.CONTENT_TOO_LARGE,
                "body-too-large");
    }

    @Test
    void signInWithoutAGithubAppIs503() {
        for (String path : new String[] {"/auth/login", "/auth/callback"}) {
            assertProblem(
                    mvc.get().uri(path).with(fromNewAddress()).exchange(),
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "sign-in-not-configured");
        }
    }

    @Test
    void signInIsRateLimitedPerAddress() {
        RequestPostProcessor address = fromNewAddress();
        for (int i = 0; i < 30; i++) {
            assertThat(mvc.get().uri("/auth/login").with(address)).hasStatus(HttpStatus.SERVICE_UNAVAILABLE);
        }

        MvcTestResult limited = mvc.get().uri("/auth/login").with(address).exchange();

        assertProblem(limited, HttpStatus.TOO_MANY_REQUESTS, "too-many-sign-ins");
        assertThat(limited).hasHeader(HttpHeaders.RETRY_AFTER, "60");
        assertThat(mvc.get().uri("/auth/login").with(fromNewAddress())).hasStatus(HttpStatus.SERVICE_UNAVAILABLE);
    }

    @Test
    void noCorsUnlessOriginsAreConfigured() {
        assertThat(authorized(mvc.get().uri("/me").header(HttpHeaders.ORIGIN, "https://evil.example")))
                .doesNotContainHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
    }

    private MvcTestResult authorized(MockMvcTester.MockMvcRequestBuilder request) {
        return request.header(
                        HttpHeaders.AUTHORIZATION,
                        "Bearer " + tokens.issue(77, "octocat").value())
                .exchange();
    }

    private static RequestPostProcessor fromNewAddress() {
        String address = "198.51.100." + ADDRESSES.incrementAndGet();
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }
}

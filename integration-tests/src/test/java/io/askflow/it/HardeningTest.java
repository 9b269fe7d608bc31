package io.askflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** Headers, CORS, the operations port and the sign-in rate limit. */
class HardeningTest {

    final AskflowStack stack = AskflowStack.shared();

    @Test
    void securityHeadersOnEveryResponse() {
        String token = stack.login(AskflowStack.newUserId());
        for (AskflowStack.Response response : new AskflowStack.Response[] {
            stack.get("/me", token), stack.get("/me", null), stack.get("/nope", token), stack.get("/v3/api-docs", null)
        }) {
            assertThat(response.header("X-Content-Type-Options"))
                    .as(response.toString())
                    .isEqualTo("nosniff");
            assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
            assertThat(response.header("Content-Security-Policy"))
                    .contains("default-src 'none'")
                    .contains("frame-ancestors 'none'");
            assertThat(response.header("X-Request-Id")).isNotBlank();
        }
    }

    @Test
    void noCorsUnlessConfigured() {
        AskflowStack.Response preflight = preflight(stack.baseUri, "https://evil.example");
        assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();

        ConfigurableApplicationContext withCors =
                stack.startGateway("--askflow.gateway.cors-allowed-origins=https://app.example");
        try {
            URI base = AskflowStack.uri(withCors);
            assertThat(preflight(base, "https://app.example").header("Access-Control-Allow-Origin"))
                    .isEqualTo("https://app.example");
            assertThat(preflight(base, "https://evil.example").header("Access-Control-Allow-Origin"))
                    .isNull();
        } finally {
            withCors.close();
        }
    }

    @Test
    void operationsEndpointsAreOnlyOnTheManagementPort() {
        assertThat(stack.get("/actuator/prometheus", null).status()).isEqualTo(404);
        String token = stack.login(AskflowStack.newUserId());
        assertThat(stack.get("/actuator/prometheus", token).status()).isEqualTo(404);
        assertThat(stack.get("/actuator/env", token).status()).isEqualTo(404);
        assertThat(stack.getFromGatewayManagement("/actuator/health").status()).isEqualTo(200);
        assertThat(stack.getFromGatewayManagement("/actuator/prometheus").status())
                .isEqualTo(200);
        assertThat(stack.getFromGatewayManagement("/actuator/env").status()).isIn(401, 404);
    }

    @Test
    void signInRequestsAreRateLimitedPerAddress() {
        ConfigurableApplicationContext limited = stack.startGateway("--askflow.auth.requests-per-minute-per-address=3");
        try {
            URI base = AskflowStack.uri(limited);
            for (int i = 0; i < 3; i++) {
                assertThat(devLogin(base).status()).isEqualTo(200);
            }
            AskflowStack.Response refused = devLogin(base);
            BadInputTest.assertProblem(refused, 429);
            assertThat(refused.header("Retry-After")).isEqualTo("60");
            assertThat(stack.send(HttpRequest.newBuilder(base.resolve("/auth/login"))
                                    .GET())
                            .status())
                    .isEqualTo(429);
            // other endpoints are not limited by it
            assertThat(stack.send(HttpRequest.newBuilder(base.resolve("/v3/api-docs"))
                                    .GET())
                            .status())
                    .isEqualTo(200);
        } finally {
            limited.close();
        }
    }

    private AskflowStack.Response devLogin(URI base) {
        return stack.send(HttpRequest.newBuilder(base.resolve("/auth/dev-login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"login\":\"limited\",\"id\":99}")));
    }

    private AskflowStack.Response preflight(URI base, String origin) {
        return stack.send(HttpRequest.newBuilder(base.resolve("/ask"))
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    }
}

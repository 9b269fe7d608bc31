package io.askflow.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.askflow.gateway.AskflowGatewayApplication;
import io.askflow.gateway.security.BrowserSession;
import io.askflow.testing.OpenAiStandIn;
import io.askflow.worker.AskflowWorkerApplication;
import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.net.HttpCookie;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole service in one JVM, shared by the integration tests: Temporal's test service on a real port,
 * the worker and the gateway as two Spring Boot applications on a real SQLite file (or, in the suite's
 * PostgreSQL run, a PostgreSQL database: {@link TestDatabase}), a local OpenAI stand-in, and real HTTP from the
 * tests to the gateway.
 */
final class AskflowStack {

    static final String JWT_SECRET = "integration-tests-signing-secret-0123456789";
    static final int REQUESTS_PER_MINUTE = 5;
    static final Duration SYNC_TIMEOUT = Duration.ofSeconds(5);
    static final long ADMIN_ID = 4242;

    private static final String[] QUIET_LOGS = {
        "--logging.level.io.temporal=WARN",
        "--logging.level.io.grpc=WARN",
        "--logging.level.org.springframework=WARN",
        "--logging.level.org.flywaydb=WARN",
        "--logging.level.com.zaxxer=WARN",
        "--logging.level.org.apache=WARN",
    };

    private static AskflowStack shared;
    private static final AtomicLong nextUserId = new AtomicLong(1_000_000 + System.nanoTime() % 1_000_000);

    final OpenAiStandIn model;
    final GithubStandIn github;
    private String temporalTarget;
    private final String[] extraArgs;
    final int temporalPort;
    TestServer.PortBoundTestServer temporal;
    /** The SQLite file; {@code null} in the PostgreSQL run. */
    final Path databaseFile;

    final ConfigurableApplicationContext worker;
    final ConfigurableApplicationContext gateway;
    final String databaseUrl;
    final URI baseUri;
    final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final ObjectMapper json = new ObjectMapper();

    static synchronized AskflowStack shared() {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    /** A stack of its own, for tests that break its parts; {@link #close()} it. */
    static AskflowStack start(String... extraArgs) {
        try {
            return new AskflowStack(extraArgs);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private AskflowStack(String... extraArgs) throws IOException {
        this.extraArgs = extraArgs;
        model = new OpenAiStandIn();
        github = new GithubStandIn();
        temporalPort = freePort();
        temporal = TestServer.createPortBoundServer(temporalPort, true);
        String target = "127.0.0.1:" + temporalPort;
        temporalTarget = target;
        TestDatabase database = TestDatabase.fresh(Files.createTempDirectory("askflow-it"));
        databaseFile = database.sqliteFile();
        databaseUrl = database.url();

        worker = AskflowWorkerApplication.application()
                .run(
                        withQuietLogs(
                                "--spring.datasource.url=" + databaseUrl,
                                "--spring.temporal.connection.target=" + target,
                                "--server.port=0",
                                "--askflow.model.api-key=test-key",
                                "--askflow.model.base-url=" + model.baseUrl(),
                                "--askflow.model.request-timeout=8s",
                                "--askflow.steps.check-quota.retries.delay=50ms",
                                "--askflow.steps.generate-answer.retries.limit=3",
                                "--askflow.steps.generate-answer.retries.delay=100ms",
                                "--askflow.steps.generate-answer.retries.backoff=linear",
                                "--askflow.steps.generate-answer.timeout=10s",
                                "--askflow.steps.save-answer.retries.delay=50ms",
                                "--askflow.steps.record-telemetry.retries.delay=50ms",
                                "--askflow.quota.requests-per-minute=" + REQUESTS_PER_MINUTE,
                                // The gateway's Spring Security is on this shared classpath; the worker has none.
                                "--spring.autoconfigure.exclude="
                                        + "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration,"
                                        + "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration,"
                                        + "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration,"
                                        + "org.springframework.boot.security.oauth2.server.resource.autoconfigure.web.OAuth2ResourceServerWebSecurityAutoConfiguration,"
                                        + "org.springframework.boot.security.oauth2.client.autoconfigure.servlet.OAuth2ClientWebSecurityAutoConfiguration"));
        gateway = startGateway();
        baseUri = uri(gateway);
    }

    private String[] withQuietLogs(String... args) {
        return Stream.of(args, QUIET_LOGS, extraArgs).flatMap(Stream::of).toArray(String[]::new);
    }

    /**
     * A gateway on this stack's database and Temporal; later arguments override earlier ones, so tests can
     * start gateways of other environments, keys or limits beside the shared one.
     */
    ConfigurableApplicationContext startGateway(String... overrides) {
        String[] defaults = {
            "--spring.datasource.url=" + databaseUrl,
            "--spring.temporal.connection.target=" + temporalTarget,
            "--server.port=0",
            "--management.server.port=0",
            "--askflow.auth.jwt-secret=" + JWT_SECRET,
            "--askflow.admin-github-ids=" + ADMIN_ID,
            "--askflow.auth.requests-per-minute-per-address=100000",
            "--askflow.gateway.flood.user-requests-per-second=1000",
            "--askflow.gateway.flood.address-requests-per-second=1000",
            "--askflow.auth.github.client-id=" + GithubStandIn.CLIENT_ID,
            "--askflow.auth.github.client-secret=" + GithubStandIn.CLIENT_SECRET,
            "--askflow.auth.github.oauth-base-url=" + github.baseUrl(),
            "--askflow.auth.github.api-base-url=" + github.baseUrl(),
            "--askflow.gateway.sync-timeout=" + SYNC_TIMEOUT.toMillis() + "ms"
        };
        // Spring joins repeated options with commas, so an override must replace its default, not follow it.
        Map<String, String> options = new LinkedHashMap<>();
        Stream.of(withQuietLogs(defaults), overrides).flatMap(Stream::of).forEach(option -> {
            int eq = option.indexOf('=');
            options.put(option.substring(0, eq), option);
        });
        return AskflowGatewayApplication.application().run(options.values().toArray(String[]::new));
    }

    static URI uri(ConfigurableApplicationContext gateway) {
        return URI.create("http://127.0.0.1:" + gateway.getEnvironment().getProperty("local.server.port"));
    }

    /** GET on the gateway's management port (health, metrics). */
    Response getFromGatewayManagement(String path) {
        String port = gateway.getEnvironment().getProperty("local.management.port");
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .GET());
    }

    int workerPort() {
        return Integer.parseInt(worker.getEnvironment().getProperty("local.server.port"));
    }

    /** GET on the worker's own HTTP port (health, metrics). */
    Response getFromWorker(String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + workerPort() + path))
                .GET());
    }

    void stopTemporal() {
        temporal.close();
    }

    void restartTemporal() {
        temporal = TestServer.createPortBoundServer(temporalPort, true);
    }

    void close() {
        gateway.close();
        worker.close();
        temporal.close();
        model.close();
        github.close();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A user id no other test uses, so limits and history never interfere between tests. */
    static long newUserId() {
        return nextUserId.incrementAndGet();
    }

    String login(long userId) {
        Response response = send(HttpRequest.newBuilder(baseUri.resolve("/auth/dev-login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"login\":\"user-" + userId + "\",\"id\":" + userId + "}")));
        if (response.status() != 200) {
            throw new IllegalStateException("dev-login failed: " + response);
        }
        return response.json().get("token").asText();
    }

    /** The web app's session cookie for a user, as the gateway sets it when a token starts a session. */
    String session(long userId) {
        Response started = send(request("/auth/session", login(userId)).POST(HttpRequest.BodyPublishers.noBody()));
        if (started.status() != 204) {
            throw new IllegalStateException("starting a session failed: " + started);
        }
        return started.raw().headers().allValues("Set-Cookie").stream()
                .flatMap(cookie -> HttpCookie.parse(cookie).stream())
                .filter(cookie -> cookie.getName().equals(BrowserSession.COOKIE))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no session cookie in " + started))
                .getValue();
    }

    HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(baseUri.resolve(path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    Response get(String path, String token) {
        return send(request(path, token).GET());
    }

    Response postJson(String path, String token, String body, String... headers) {
        HttpRequest.Builder builder = request(path, token).header("Content-Type", "application/json");
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return send(builder.POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Response ask(String path, String token, String question, String... headers) {
        try {
            return postJson(path, token, json.writeValueAsString(Map.of("question", question)), headers);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    Response send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response, json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls a question until it is final, or fails after the deadline. */
    JsonNode awaitFinal(String id, String token, Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < end) {
            JsonNode question = get("/questions/" + id, token).json();
            String status = question.path("status").asText();
            if (status.equals("completed")
                    || status.equals("failed")
                    || status.equals("rejected")
                    || status.equals("cancelled")) {
                return question;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("question " + id + " not final after " + deadline);
    }

    record Response(HttpResponse<String> raw, ObjectMapper mapper) {
        int status() {
            return raw.statusCode();
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        String body() {
            return raw.body();
        }

        JsonNode json() {
            try {
                return mapper.readTree(raw.body());
            } catch (IOException e) {
                throw new IllegalStateException("not JSON: " + raw.body(), e);
            }
        }

        @Override
        public String toString() {
            return raw.statusCode() + " " + raw.body();
        }
    }
}

package io.askflow.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.askflow.it.SseEvents;
import io.askflow.it.TestDatabase;
import io.askflow.testing.OpenAiStandIn;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;

/**
 * AskFlow as it runs for real: the worker and the gateway as separate processes started from the built
 * jars, against a real Temporal server (the CLI's dev server, see scripts/temporal-dev.sh) and a SQLite
 * file (a PostgreSQL database in the suite's PostgreSQL run: {@link TestDatabase}), with the OpenAI stand-in in the test JVM, all over real HTTP and gRPC on loopback.
 */
final class ProcessStack implements AutoCloseable {

    static final String JWT_SECRET = "end-to-end-signing-secret-0123456789-abcd";
    private static final AtomicLong nextUserId = new AtomicLong(5_000_000 + System.nanoTime() % 1_000_000);

    final String temporalAddress;
    final String temporalUi;
    final OpenAiStandIn model;
    final Path dir;
    final TestDatabase database;
    final int gatewayPort = freePort();
    final int gatewayManagementPort = freePort();
    final int workerPort = freePort();
    final URI baseUri;
    private final List<String> workerArgs;
    /** Set for every process on top of the defaults (e.g. TEMPORAL_NAMESPACE). */
    private final Map<String, String> environment;

    Process worker;
    Process gateway;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    /** Starts the stack; the test is skipped (or failed, when required) without a real Temporal server. */
    static ProcessStack start(String... workerOverrides) throws Exception {
        return start(Map.of(), workerOverrides);
    }

    /** A stack whose processes all get {@code environment} as well (say, a Temporal namespace of their own). */
    static ProcessStack start(Map<String, String> environment, String... workerOverrides) throws Exception {
        String address = System.getenv("ASKFLOW_E2E_TEMPORAL_ADDRESS");
        boolean required = "1".equals(System.getenv("ASKFLOW_E2E_REQUIRED"));
        if (address == null || address.isBlank()) {
            if (required) {
                throw new IllegalStateException("ASKFLOW_E2E_TEMPORAL_ADDRESS is not set; run ./test.sh");
            }
            Assumptions.abort("no real Temporal server: run ./test.sh (it starts one) for the end-to-end suite");
        }
        return new ProcessStack(
                address, System.getenv().getOrDefault("ASKFLOW_E2E_TEMPORAL_UI", ""), environment, workerOverrides);
    }

    private ProcessStack(
            String temporalAddress, String temporalUi, Map<String, String> environment, String... workerOverrides)
            throws Exception {
        this.temporalAddress = temporalAddress;
        this.environment = Map.copyOf(environment);
        this.temporalUi = temporalUi;
        model = new OpenAiStandIn();
        dir = Files.createTempDirectory("askflow-e2e");
        database = TestDatabase.fresh(dir);
        baseUri = URI.create("http://127.0.0.1:" + gatewayPort);
        workerArgs = new ArrayList<>(List.of(
                "--askflow.model.request-timeout=3s",
                "--askflow.steps.check-quota.retries.delay=100ms",
                "--askflow.steps.generate-answer.retries.limit=5",
                "--askflow.steps.generate-answer.retries.delay=200ms",
                // a killed worker's attempt is retried after the 5 s heartbeat timeout, before the 10 s timeout
                "--askflow.steps.generate-answer.timeout=10s",
                "--askflow.steps.generate-answer.heartbeat=5s",
                "--askflow.steps.save-answer.retries.delay=200ms",
                "--askflow.steps.save-answer.timeout=2s",
                "--askflow.steps.record-telemetry.retries.delay=200ms",
                "--askflow.quota.requests-per-minute=1000"));
        workerArgs.addAll(List.of(workerOverrides));
        try {
            startWorker();
            startGateway();
        } catch (Exception | AssertionError e) {
            // a process that started but never became healthy would otherwise outlive the test and poll the
            // shared task queue of the next one
            close();
            throw e;
        }
    }

    void startWorker() throws Exception {
        worker = startWorker("worker", workerPort, Map.of());
    }

    /**
     * Another worker beside {@link #worker}, with the same settings plus {@code environment}; its log is
     * {@code name}.log. The caller stops it.
     */
    Process startWorker(String name, Map<String, String> environment) throws Exception {
        return startWorker(name, freePort(), environment);
    }

    private Process startWorker(String name, int port, Map<String, String> environment) throws Exception {
        List<String> command = javaJar("worker", "askflow-worker");
        command.add("--server.port=" + port);
        command.addAll(workerArgs);
        Map<String, String> env = new java.util.HashMap<>(environment);
        env.put("OPENAI_API_KEY", "e2e-test-key");
        env.put("OPENAI_BASE_URL", model.baseUrl());
        Process process = launch(name, command, env);
        awaitHealthy(process, "http://127.0.0.1:" + port + "/actuator/health/readiness");
        return process;
    }

    void startGateway() throws Exception {
        List<String> command = javaJar("api-gateway", "askflow-api-gateway");
        command.add("--server.port=" + gatewayPort);
        command.add("--management.server.port=" + gatewayManagementPort);
        command.add("--askflow.gateway.sync-timeout=10s");
        gateway = launch("gateway", command, Map.of("JWT_SECRET", JWT_SECRET, "TEMPORAL_UI_URL", temporalUi));
        awaitHealthy(gateway, "http://127.0.0.1:" + gatewayManagementPort + "/actuator/health/readiness");
    }

    /** SIGKILL: no shutdown hook, no graceful worker stop, exactly like a crashed machine. */
    void killWorker() throws InterruptedException {
        worker.destroyForcibly();
        worker.waitFor();
    }

    void killGateway() throws InterruptedException {
        gateway.destroyForcibly();
        gateway.waitFor();
    }

    private List<String> javaJar(String module, String artifact) {
        Path jar = Path.of("..", module, "target", artifact + "-0.1.0-SNAPSHOT-exec.jar")
                .toAbsolutePath()
                .normalize();
        if (!Files.exists(jar)) {
            throw new IllegalStateException("build the jars first (./mvnw package): missing " + jar);
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ArrayList<>(List.of(java, "-Xmx256m", "-jar", jar.toString()));
    }

    private Process launch(String name, List<String> command, Map<String, String> extraEnv) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve(name + ".log").toFile()));
        Map<String, String> env = builder.environment();
        env.put("APP_ENV", "dev");
        env.put("TEMPORAL_ADDRESS", temporalAddress);
        env.put("DATABASE_URL", database.url());
        env.remove("OPENAI_API_KEY");
        env.putAll(environment);
        env.putAll(extraEnv);
        return builder.start();
    }

    private void awaitHealthy(Process process, String url) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("process exited during start-up; see " + dir);
            }
            try {
                HttpResponse<Void> response = http.send(
                        HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("not healthy in 90 s: " + url + "; logs in " + dir);
    }

    String log(String name) throws IOException {
        File file = dir.resolve(name + ".log").toFile();
        return file.exists() ? Files.readString(file.toPath()) : "";
    }

    static long newUserId() {
        return nextUserId.incrementAndGet();
    }

    String login(long userId) throws Exception {
        JsonNode token = send(HttpRequest.newBuilder(baseUri.resolve("/auth/dev-login"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"login\":\"e2e-" + userId + "\",\"id\":" + userId + "}")))
                .json();
        return token.get("token").asText();
    }

    Response ask(String path, String token, String question, String... headers) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(baseUri.resolve(path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json");
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return send(builder.POST(
                HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("question", question)))));
    }

    /** The question's Server-Sent Events, from the start. */
    SseEvents events(String id, String token) {
        return SseEvents.open(
                http,
                HttpRequest.newBuilder(baseUri.resolve("/questions/" + id + "/events"))
                        .header("Authorization", "Bearer " + token)
                        .header("Accept", "text/event-stream")
                        .GET()
                        .build());
    }

    Response get(String path, String token) throws Exception {
        return send(HttpRequest.newBuilder(baseUri.resolve(path))
                .header("Authorization", "Bearer " + token)
                .GET());
    }

    JsonNode awaitFinal(String id, String token, Duration deadline) throws Exception {
        long end = System.nanoTime() + deadline.toNanos();
        JsonNode question = null;
        while (System.nanoTime() < end) {
            Response response = get("/questions/" + id, token);
            if (response.status() == 200) {
                question = response.json();
                String status = question.get("status").asText();
                if (status.equals("completed")
                        || status.equals("failed")
                        || status.equals("rejected")
                        || status.equals("cancelled")) {
                    return question;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("question " + id + " not final after " + deadline + ": " + question);
    }

    /** Waits until the named step of the question has the given status (running, completed, ...). */
    void awaitStep(String id, String token, String step, String status, Duration deadline) throws Exception {
        long end = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < end) {
            Response response = get("/questions/" + id, token);
            if (response.status() == 200) {
                for (JsonNode s : response.json().get("steps")) {
                    if (s.get("name").asText().equals(step)
                            && s.get("status").asText().equals(status)) {
                        return;
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError(step + " of " + id + " never " + status);
    }

    Response send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(
                response.statusCode(), response.headers().firstValue("Location").orElse(null), response.body(), json);
    }

    record Response(int status, String location, String body, ObjectMapper mapper) {
        JsonNode json() throws IOException {
            return mapper.readTree(body);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (gateway != null) {
            gateway.destroy();
        }
        if (worker != null) {
            worker.destroy();
        }
        model.close();
    }
}

package io.askflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.askflow.it.SseEvents;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's promise, kept by running it: {@code ./run.sh} on its defaults (the Temporal CLI's dev server,
 * the stub model, SQLite), the README's curl walk-through, the Temporal UI link of a question, and a stop
 * and start of the whole run while a question is in flight. Only the ports and the data folder differ, so
 * that the test can run beside a developer's own {@code ./run.sh}.
 */
class RunCommandTest {

    private static final Duration STUB_LATENCY = Duration.ofSeconds(2);
    private static final String[] STEPS = {"CheckQuota", "GenerateAnswer", "SaveAnswer", "RecordTelemetry"};

    @TempDir
    Path data;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Integer> ports = Map.of(
            "SERVER_PORT", freePort(),
            "MANAGEMENT_PORT", freePort(),
            "WORKER_PORT", freePort(),
            "TEMPORAL_DEV_PORT", freePort(),
            "TEMPORAL_DEV_UI_PORT", freePort());
    private Process run;
    private URI api;

    @BeforeEach
    void onlyInTheFullSuite() {
        Assumptions.assumeTrue(
                "1".equals(System.getenv("ASKFLOW_E2E_REQUIRED")),
                "runs in ./test.sh, which installs the Temporal CLI and Chromium first");
        api = URI.create("http://localhost:" + ports.get("SERVER_PORT"));
    }

    @AfterEach
    void stopRun() throws Exception {
        if (run != null && run.isAlive()) {
            stop();
        }
    }

    @Test
    void theWalkThroughWorksAndAQuestionInFlightSurvivesAStopAndStartOfTheWholeRun() throws Exception {
        start();

        // The README's walk-through, step by step.
        String token = post("/auth/dev-login", null, "{\"login\":\"octocat\",\"id\":583231}", Map.of())
                .path("token")
                .asText();
        assertThat(get("/me", token).toString()).isEqualTo("{\"id\":583231,\"login\":\"octocat\"}");
        JsonNode asked = post("/ask", token, "{\"question\":\"What is a durable workflow?\"}", Map.of());
        assertThat(asked.path("status").asText()).as(asked.toString()).isEqualTo("completed");
        assertThat(asked.path("answer").asText()).contains("What is a durable workflow?");
        JsonNode submitted = post(
                "/questions",
                token,
                "{\"question\":\"Why retry each step separately?\"}",
                Map.of("Idempotency-Key", "walkthrough-1"));
        String walkthroughId = submitted.path("id").asText();
        assertThat(awaitStatus(walkthroughId, token, "completed").path("answer").asText())
                .contains("Why retry each step separately?");
        assertThat(get("/history?limit=10", token).path("items")).hasSize(2);
        String key = post("/api-keys", token, "{\"name\":\"my script\"}", Map.of())
                .path("key")
                .asText();
        assertThat(get("/me", key).toString()).isEqualTo("{\"id\":583231,\"login\":\"octocat\"}");

        // 6. The answer as Server-Sent Events: the stub model writes a word at a time.
        try (SseEvents events = SseEvents.open(
                http,
                HttpRequest.newBuilder(api.resolve("/ask"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .header("Accept", "text/event-stream")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"question\":\"Can I watch the answer being written?\"}"))
                        .build())) {
            List<SseEvents.Event> streamed = events.until("done", Duration.ofSeconds(30));
            assertThat(streamed.get(0).name()).isEqualTo("question");
            assertThat(streamed.stream().filter(e -> e.name().equals("delta"))).hasSizeGreaterThan(3);
            assertThat(streamed.get(streamed.size() - 1).json().path("status").asText())
                    .isEqualTo("completed");
        }
        // 7. The conversation of step 4 goes on.
        String conversation = get("/questions/" + walkthroughId, token)
                .path("conversation_id")
                .asText();
        JsonNode followUp = post(
                "/ask",
                token,
                "{\"question\":\"And why not retry the whole thing?\",\"conversation_id\":\"" + conversation + "\"}",
                Map.of());
        assertThat(followUp.path("answer").asText()).contains("after 1 earlier question in this conversation");
        assertThat(get("/conversations", token).at("/items/0/id").asText()).isEqualTo(conversation);
        // 8. Cancelling a question that is final already: 409.
        HttpResponse<String> late = http.send(
                HttpRequest.newBuilder(api.resolve("/questions/" + walkthroughId + "/cancel"))
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(late.statusCode()).as(late.body()).isEqualTo(409);

        // The question links to its workflow in the dev server's UI, which shows every step.
        String uiUrl = asked.at("/workflow/ui_url").asText();
        assertThat(uiUrl)
                .isEqualTo(
                        "http://127.0.0.1:" + ports.get("TEMPORAL_DEV_UI_PORT") + "/namespaces/default/workflows/ask-"
                                + asked.path("id").asText());
        assertThat(http.send(HttpRequest.newBuilder(URI.create(uiUrl)).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode())
                .isEqualTo(200);
        awaitStepStatus(asked.path("id").asText(), token, "RecordTelemetry", "completed");
        String page = HeadlessChromium.dumpDom(uiUrl, 20_000);
        for (String step : STEPS) {
            assertThat(page).as("step %s on the workflow's page", step).contains(step);
        }

        // Stop everything while a question is in its model call, then start again.
        String inFlight = post("/questions", token, "{\"question\":\"Still there after a restart?\"}", Map.of())
                .path("id")
                .asText();
        awaitStepStatus(inFlight, token, "GenerateAnswer", "running");
        stop();
        for (Map.Entry<String, Integer> port : ports.entrySet()) {
            assertThat(listening(port.getValue()))
                    .as("%s=%d still listening after the run stopped", port.getKey(), port.getValue())
                    .isFalse();
        }
        start();

        // The token still works (run.sh keeps the dev signing secret in the data folder), nothing is lost,
        // and the model step that had finished before the stop is not run again.
        JsonNode finished = awaitStatus(inFlight, token, "completed");
        assertThat(finished.path("answer").asText()).contains("Still there after a restart?");
        for (JsonNode step : finished.path("steps")) {
            assertThat(step.path("attempts").asInt())
                    .as("attempts of %s", step.path("name").asText())
                    .isEqualTo(1);
        }
        assertThat(get("/history?limit=10", token).path("items")).hasSize(5);
        assertThat(post(
                                "/questions",
                                token,
                                "{\"question\":\"Why retry each step separately?\"}",
                                Map.of("Idempotency-Key", "walkthrough-1"))
                        .path("id")
                        .asText())
                .isEqualTo(walkthroughId);
    }

    private void start() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(List.of("bash", "./run.sh"))
                .directory(repositoryRoot().toFile())
                .redirectErrorStream(true)
                .redirectOutput(
                        ProcessBuilder.Redirect.appendTo(data.resolve("run.out").toFile()));
        Map<String, String> env = builder.environment();
        env.keySet()
                .removeIf(name -> name.startsWith("TEMPORAL_")
                        || name.startsWith("OPENAI_")
                        || name.equals("DATABASE_URL")
                        || name.equals("JWT_SECRET")
                        || name.equals("APP_ENV"));
        ports.forEach((name, port) -> env.put(name, Integer.toString(port)));
        env.put("ASKFLOW_DATA_DIR", data.toString());
        env.put("ASKFLOW_STUB_LATENCY", STUB_LATENCY.toMillis() + "ms");
        int before = output().length();
        run = builder.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            if (!run.isAlive()) {
                throw new AssertionError("run.sh exited during start-up:\n" + output());
            }
            if (output().indexOf("AskFlow is up.", before) >= 0) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("run.sh did not come up in 180 s:\n" + output());
    }

    /** SIGTERM, which run.sh handles exactly like Ctrl-C. */
    private void stop() throws Exception {
        run.destroy();
        if (!run.waitFor(120, TimeUnit.SECONDS)) {
            run.destroyForcibly();
            throw new AssertionError("run.sh did not stop in 120 s:\n" + output());
        }
        assertThat(output()).contains("Stopping AskFlow...").contains("Stopped the Temporal dev server.");
    }

    private String output() throws IOException {
        Path out = data.resolve("run.out");
        return Files.exists(out) ? Files.readString(out) : "";
    }

    private JsonNode awaitStatus(String id, String token, String status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode question = null;
        while (System.nanoTime() < deadline) {
            question = get("/questions/" + id, token);
            if (question.path("status").asText().equals(status)) {
                return question;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("question " + id + " never " + status + ": " + question);
    }

    private void awaitStepStatus(String id, String token, String step, String status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode question = null;
        while (System.nanoTime() < deadline) {
            question = get("/questions/" + id, token);
            for (JsonNode s : question.path("steps")) {
                if (s.path("name").asText().equals(step)
                        && s.path("status").asText().equals(status)) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError(step + " of " + id + " never " + status + ": " + question);
    }

    private JsonNode get(String path, String token) throws Exception {
        return send(HttpRequest.newBuilder(api.resolve(path))
                .header("Authorization", "Bearer " + token)
                .GET());
    }

    private JsonNode post(String path, String token, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.resolve(path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        return send(request);
    }

    private JsonNode send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 202);
        return json.readTree(response.body());
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Path repositoryRoot() {
        return Path.of("..").toAbsolutePath().normalize();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

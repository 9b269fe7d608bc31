package io.askflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Descriptors;
import com.google.protobuf.MapEntry;
import com.google.protobuf.Message;
import io.askflow.gateway.security.BrowserSession;
import io.temporal.api.common.v1.Header;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.MarkerRecordedEventAttributes;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #15: with the payload codec on, no question or answer text reaches Temporal's history in plaintext,
 * and an admin reads it back through the gateway's codec endpoint, with a token or the web app's session cookie,
 * from the Temporal UI's origin only. (TemporalUiCodecTest does it in a browser, with the real Temporal UI.)
 */
class EncryptedHistoryTest {

    static final String TEMPORAL_UI = "https://temporal-ui.example";
    static final String KEY_ID = "2026-11";

    static final Set<String> SDK_MARKER_FIELDS = Set.of("changeId", "version", "activityId", "type", "time", "meta");

    static AskflowStack stack;
    static WorkflowServiceStubs service;

    @BeforeAll
    static void start() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        stack = AskflowStack.start(
                "--askflow.codec.keys=" + KEY_ID + ":" + Base64.getEncoder().encodeToString(key),
                "--askflow.gateway.temporal-ui-url=" + TEMPORAL_UI + "/temporal");
        service = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget("127.0.0.1:" + stack.temporalPort)
                .build());
    }

    @AfterAll
    static void stop() {
        service.shutdown();
        stack.close();
    }

    @Test
    void historyHoldsNoPlaintextAndAnAdminDecodesItThroughTheEndpoint() throws Exception {
        String secret = "plaintext-canary-" + UUID.randomUUID();
        String token = stack.login(AskflowStack.newUserId());
        JsonNode asked = answered(stack.ask("/ask", token, "What does " + secret + " mean?"), token);
        assertThat(asked.get("status").asText()).as(asked.toString()).isEqualTo("completed");
        String answer = asked.get("answer").asText();
        assertThat(answer).contains("from the stand-in");
        String workflowId = asked.at("/workflow/id").asText();

        History history = history(workflowId);

        String raw = history.toByteString().toString(StandardCharsets.ISO_8859_1);
        assertThat(raw).doesNotContain(secret).doesNotContain(answer).doesNotContain("from the stand-in");
        List<Payload> payloads = new ArrayList<>();
        history.getEventsList().forEach(event -> collectPayloads(event, payloads));
        assertThat(payloads)
                .hasSizeGreaterThan(5)
                .allSatisfy(payload -> assertThat(
                                payload.getMetadataOrThrow("encoding").toStringUtf8())
                        .isEqualTo("binary/encrypted"));
        HistoryEvent started = history.getEvents(0);
        assertThat(started.getEventType()).isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED);
        Payload input =
                started.getWorkflowExecutionStartedEventAttributes().getInput().getPayloads(0);
        assertThat(input.getMetadataOrThrow("encoding").toStringUtf8()).isEqualTo("binary/encrypted");
        assertThat(input.getMetadataOrThrow("encryption-key-id").toStringUtf8()).isEqualTo(KEY_ID);

        String body = stack.json.writeValueAsString(java.util.Map.of(
                "payloads",
                List.of(java.util.Map.of(
                        "metadata",
                        java.util.Map.of(
                                "encoding",
                                base64(input.getMetadataOrThrow("encoding").toByteArray()),
                                "encryption-key-id",
                                base64(input.getMetadataOrThrow("encryption-key-id")
                                        .toByteArray())),
                        "data",
                        base64(input.getData().toByteArray())))));
        String admin = stack.login(AskflowStack.ADMIN_ID);

        AskflowStack.Response decoded = codec("/codec/decode", admin, TEMPORAL_UI, body);

        assertThat(decoded.status()).as(decoded.toString()).isEqualTo(200);
        assertThat(decoded.header("Access-Control-Allow-Origin")).isEqualTo(TEMPORAL_UI);
        JsonNode payload = decoded.json().at("/payloads/0");
        assertThat(new String(
                        Base64.getDecoder()
                                .decode(payload.at("/metadata/encoding").asText()),
                        StandardCharsets.UTF_8))
                .isEqualTo("json/plain");
        assertThat(new String(Base64.getDecoder().decode(payload.get("data").asText()), StandardCharsets.UTF_8))
                .contains(secret);

        // and back: what /codec/encode gives, the worker's codec reads
        AskflowStack.Response encoded = codec("/codec/encode", admin, TEMPORAL_UI, decoded.body());
        assertThat(encoded.status()).as(encoded.toString()).isEqualTo(200);
        JsonNode reencrypted = encoded.json().at("/payloads/0");
        assertThat(reencrypted.at("/metadata/encoding").asText()).isEqualTo(base64("binary/encrypted".getBytes()));
        assertThat(codec("/codec/decode", admin, TEMPORAL_UI, encoded.body()).json())
                .isEqualTo(decoded.json());

        BadInputTest.assertProblem(codec("/codec/decode", token, TEMPORAL_UI, body), 403);
        BadInputTest.assertProblem(codec("/codec/decode", null, TEMPORAL_UI, body), 401);
        AskflowStack.Response foreign = codec("/codec/decode", admin, "https://evil.example", body);
        assertThat(foreign.header("Access-Control-Allow-Origin")).isNull();
        assertThat(foreign.body()).doesNotContain(secret);

        // the Temporal UI with "Include cross-origin credentials": the web app's session cookie, no CSRF token
        String adminSession = stack.session(AskflowStack.ADMIN_ID);
        AskflowStack.Response withCookie = codecWithSession("/codec/decode", adminSession, TEMPORAL_UI, body);
        assertThat(withCookie.status()).as(withCookie.toString()).isEqualTo(200);
        assertThat(withCookie.header("Access-Control-Allow-Origin")).isEqualTo(TEMPORAL_UI);
        assertThat(withCookie.header("Access-Control-Allow-Credentials")).isEqualTo("true");
        assertThat(withCookie.json()).isEqualTo(decoded.json());
        assertThat(codecWithSession("/codec/encode", adminSession, TEMPORAL_UI, decoded.body())
                        .status())
                .isEqualTo(200);
        BadInputTest.assertProblem(
                codecWithSession("/codec/decode", stack.session(AskflowStack.newUserId()), TEMPORAL_UI, body), 403);
        AskflowStack.Response cookieFromElsewhere =
                codecWithSession("/codec/decode", adminSession, "https://evil.example", body);
        assertThat(cookieFromElsewhere.header("Access-Control-Allow-Origin")).isNull();
        assertThat(cookieFromElsewhere.header("Access-Control-Allow-Credentials"))
                .isNull();
        // everywhere else the cookie still needs the CSRF token
        BadInputTest.assertProblem(
                stack.send(stack.request("/questions", null)
                        .header("Cookie", BrowserSession.COOKIE + "=" + adminSession)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"question\":\"Is this forged?\"}"))),
                403);
    }

    /** Failures travel encrypted too (their messages may quote a question); the gateway still reads them. */
    @Test
    void failuresAreDecodedAsBefore() throws InterruptedException {
        String token = stack.login(AskflowStack.newUserId());
        for (int i = 0; i < AskflowStack.REQUESTS_PER_MINUTE; i++) {
            JsonNode question = answered(stack.ask("/ask", token, "within the limit " + i), token);
            assertThat(question.get("status").asText()).isEqualTo("completed");
        }
        AskflowStack.Response rejected = stack.ask("/ask", token, "one too many");
        BadInputTest.assertProblem(rejected, 429);
        assertThat(rejected.header("Retry-After")).isNotBlank();

        stack.model.failWith(400, "invalid_request_error", null, 1);
        String other = stack.login(AskflowStack.newUserId());
        AskflowStack.Response failed = stack.ask("/ask", other, "a bad request");
        assertThat(failed.status()).as(failed.toString()).isIn(502, 202);
        JsonNode error = failed.status() == 502
                ? failed.json().get("error")
                : answered(failed, other).get("error");
        assertThat(error.get("code").asText()).isEqualTo("model_request_rejected");
    }

    @Test
    void preflightLetsOnlyTheTemporalUiSendItsCredentialsAndNamespace() {
        // what the Temporal UI asks before a decode with "Include cross-origin credentials"
        AskflowStack.Response ui = preflight("/codec/decode", TEMPORAL_UI, "content-type,x-namespace");
        assertThat(ui.status()).isEqualTo(200);
        assertThat(ui.header("Access-Control-Allow-Origin")).isEqualTo(TEMPORAL_UI);
        assertThat(ui.header("Access-Control-Allow-Methods")).contains("POST");
        assertThat(ui.header("Access-Control-Allow-Headers"))
                .containsIgnoringCase("content-type")
                .containsIgnoringCase("x-namespace");
        assertThat(ui.header("Access-Control-Allow-Credentials")).isEqualTo("true");
        // and with a token, as a browser extension or the UI's "Pass the user access token" would send it
        assertThat(preflight("/codec/encode", TEMPORAL_UI, "authorization,content-type,x-namespace")
                        .header("Access-Control-Allow-Headers"))
                .containsIgnoringCase("authorization");

        AskflowStack.Response other = preflight("/codec/decode", "https://evil.example", "content-type");
        assertThat(other.header("Access-Control-Allow-Origin")).isNull();
        assertThat(other.header("Access-Control-Allow-Credentials")).isNull();
        // the same host on another port or scheme is another origin
        assertThat(preflight("/codec/decode", "http://temporal-ui.example", "content-type")
                        .header("Access-Control-Allow-Origin"))
                .isNull();
        // the Temporal UI's origin gets nothing beyond the codec
        assertThat(preflight("/ask", TEMPORAL_UI, "content-type").header("Access-Control-Allow-Origin"))
                .isNull();
    }

    @Test
    void aTamperedPayloadIsABadRequestNamingTheProblem() throws Exception {
        String admin = stack.login(AskflowStack.ADMIN_ID);
        String body =
                """
                {"payloads":[{"metadata":{"encoding":"%s","encryption-key-id":"%s"},"data":"%s"}]}""".formatted(base64("binary/encrypted".getBytes()), base64(KEY_ID.getBytes()), base64(new byte[64]));

        AskflowStack.Response response = codec("/codec/decode", admin, TEMPORAL_UI, body);

        BadInputTest.assertProblem(response, 400);
        assertThat(response.json().get("detail").asText()).contains("failed authentication");
    }

    /**
     * Every payload in a history event, wherever it sits (inputs, results, markers, failures), except Temporal
     * headers: those carry the request context (request id, user id), which the codec leaves readable; and the
     * SDK's own bookkeeping in markers (a version marker's change id and version, a local activity's id, type
     * and time), which it writes with its standard converter and which hold no user data.
     */
    private static void collectPayloads(Message message, List<Payload> into) {
        if (message instanceof Payload payload) {
            into.add(payload);
            return;
        }
        if (message instanceof Header) {
            return;
        }
        if (message instanceof MarkerRecordedEventAttributes marker) {
            marker.getDetailsMap().forEach((key, details) -> {
                if (!SDK_MARKER_FIELDS.contains(key)) {
                    collectPayloads(details, into);
                }
            });
            if (marker.hasFailure()) {
                collectPayloads(marker.getFailure(), into);
            }
            return;
        }
        message.getAllFields().forEach((field, value) -> {
            if (field.getJavaType() != Descriptors.FieldDescriptor.JavaType.MESSAGE) {
                return;
            }
            if (field.isMapField()) {
                for (Object entry : (List<?>) value) {
                    MapEntry<?, ?> mapEntry = (MapEntry<?, ?>) entry;
                    if (mapEntry.getValue() instanceof Message inner) {
                        collectPayloads(inner, into);
                    }
                }
            } else if (field.isRepeated()) {
                for (Object item : (List<?>) value) {
                    collectPayloads((Message) item, into);
                }
            } else {
                collectPayloads((Message) value, into);
            }
        });
    }

    /**
     * The question a {@code POST /ask} answered, waited for when the answer took longer than the sync timeout (a
     * 202 on a loaded machine).
     */
    private static JsonNode answered(AskflowStack.Response response, String token) throws InterruptedException {
        JsonNode question = response.json();
        if (response.status() == 202) {
            return stack.awaitFinal(question.get("id").asText(), token, Duration.ofSeconds(60));
        }
        return question;
    }

    private static History history(String workflowId) throws InterruptedException {
        // RecordTelemetry runs after the reply: wait for the workflow to close so its history is complete
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            History history = service.blockingStub()
                    .getWorkflowExecutionHistory(GetWorkflowExecutionHistoryRequest.newBuilder()
                            .setNamespace("default")
                            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                            .build())
                    .getHistory();
            EventType last = history.getEvents(history.getEventsCount() - 1).getEventType();
            if (last == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED || System.nanoTime() > deadline) {
                assertThat(last).isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
                return history;
            }
            Thread.sleep(100);
        }
    }

    private static AskflowStack.Response codec(String path, String token, String origin, String body) {
        return codec(stack.request(path, token), origin, body);
    }

    /** As the Temporal UI calls it with "Include cross-origin credentials": the session cookie and nothing else. */
    private static AskflowStack.Response codecWithSession(String path, String session, String origin, String body) {
        return codec(stack.request(path, null).header("Cookie", BrowserSession.COOKIE + "=" + session), origin, body);
    }

    private static AskflowStack.Response codec(HttpRequest.Builder request, String origin, String body) {
        return stack.send(request.header("Content-Type", "application/json")
                .header("Origin", origin)
                .header("X-Namespace", "default")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static AskflowStack.Response preflight(String path, String origin, String headers) {
        return stack.send(HttpRequest.newBuilder(URI.create(stack.baseUri + path))
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", headers)
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}

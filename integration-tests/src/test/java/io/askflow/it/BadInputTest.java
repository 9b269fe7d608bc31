package io.askflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every endpoint turns bad input away with a clear problem document, and nothing reaches the model. */
class BadInputTest {

    final AskflowStack stack = AskflowStack.shared();
    long userId;
    String token;

    @BeforeEach
    void setUp() {
        stack.model.reset();
        userId = AskflowStack.newUserId();
        token = stack.login(userId);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ask", "/questions"})
    void emptyBlankMissingAndOversizedQuestionsAre400(String path) {
        assertProblem(stack.postJson(path, token, "{\"question\":\"\"}"), 400);
        assertProblem(stack.postJson(path, token, "{\"question\":\"   \"}"), 400);
        assertProblem(stack.postJson(path, token, "{}"), 400);
        assertProblem(stack.postJson(path, token, "{\"question\":null}"), 400);
        assertProblem(stack.ask(path, token, "x".repeat(4001)), 400);
        assertThat(stack.model.calls()).isZero();
        assertThat(stack.get("/history", token).json().get("items")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ask", "/questions"})
    void malformedJsonIs400(String path) {
        assertProblem(stack.postJson(path, token, "{\"question\": "), 400);
        assertProblem(stack.postJson(path, token, "[1,2,3]"), 400);
        assertProblem(stack.postJson(path, token, "{\"question\": {\"nested\": true}}"), 400);
        assertThat(stack.model.calls()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ask", "/questions"})
    void jsonOfTheWrongTypeIs400NotCoerced(String path) {
        for (String body : new String[] {
            "{\"question\": 171148}", "{\"question\": 1.5}", "{\"question\": true}", "{\"question\": [\"hi\"]}"
        }) {
            AskflowStack.Response response = stack.postJson(path, token, body);
            assertProblem(response, 400);
            assertThat(response.json().get("type").asText()).endsWith("/malformed-body");
            assertThat(response.json().get("detail").asText()).as(body).isEqualTo("question must be a string.");
        }
        assertThat(stack.model.calls()).isZero();
        assertThat(stack.get("/history", token).json().get("items")).isEmpty();
    }

    @Test
    void devLoginRejectsJsonOfTheWrongType() {
        assertWrongType("{\"login\": false, \"id\": 5}", "login must be a string.");
        assertWrongType("{\"login\": 42, \"id\": 5}", "login must be a string.");
        assertWrongType("{\"login\": \"octocat\", \"id\": \"5\"}", "id must be a whole number.");
        assertWrongType("{\"login\": \"octocat\", \"id\": 5.7}", "id must be a whole number.");
        assertWrongType("{\"login\": \"octocat\", \"id\": true}", "id must be a whole number.");
        assertWrongType("{\"login\": \"octocat\", \"id\": 99999999999999999999}", "id is out of range.");
    }

    @Test
    void aWholeNumberWrittenWithAFractionIsStillAWholeNumber() {
        // JSON Schema's integer, which the description promises, includes 583231.0
        AskflowStack.Response response =
                stack.postJson("/auth/dev-login", null, "{\"login\":\"octocat\",\"id\":" + userId + ".0}");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().at("/user/id").asLong()).isEqualTo(userId);
    }

    @Test
    void questionsAreMeasuredInCharactersAndTrimmedOfAnyWhiteSpace() throws InterruptedException {
        String smiles = "\uD83D\uDE00".repeat(4000); // 4,000 characters, 8,000 UTF-16 units
        AskflowStack.Response longest = stack.ask("/questions", token, smiles);
        assertThat(longest.status()).isEqualTo(202);
        assertProblem(stack.ask("/questions", token, smiles + "\uD83D\uDE00"), 400);

        assertProblem(stack.ask("/questions", token, "\u00A0\u3000\u2007\uFEFF\u001C"), 400);
        AskflowStack.Response trimmed = stack.ask("/questions", token, "\u00A0 What is trimmed?\u3000\n");
        assertThat(trimmed.status()).isEqualTo(202);
        assertThat(trimmed.json().get("question").asText()).isEqualTo("What is trimmed?");
        // let both finish, so their model calls do not count in another test
        stack.awaitFinal(longest.json().get("id").asText(), token, Duration.ofSeconds(20));
        stack.awaitFinal(trimmed.json().get("id").asText(), token, Duration.ofSeconds(20));
    }

    private void assertWrongType(String body, String detail) {
        AskflowStack.Response response = stack.postJson("/auth/dev-login", null, body);
        assertProblem(response, 400);
        assertThat(response.json().get("type").asText()).endsWith("/malformed-body");
        assertThat(response.json().get("detail").asText()).as(body).isEqualTo(detail);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/history?=20",
                "/history?limit=5&=null",
                "/admin/usage?=x",
                "/auth/login?=x",
                "/auth/callback?=x"
            })
    void malformedQueryStringsAre400(String pathAndQuery) {
        assertProblem(stack.get(pathAndQuery, token), 400);
    }

    @Test
    void headersAndMethodsTheFirewallRefusesAreProblemsToo() throws IOException {
        // java.net.http sends no byte outside ASCII in a header, so this one goes over a plain socket
        String body = "{\"question\":\"hi\"}";
        String response = rawExchange("POST /questions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: application/json\r\nIdempotency-Key: \u00D7\u00F8\r\nContent-Length: "
                + body.length() + "\r\nConnection: close\r\n\r\n" + body);
        assertThat(response).startsWith("HTTP/1.1 400 ").contains("application/problem+json", "X-Request-Id");
        assertThat(stack.model.calls()).isZero();

        AskflowStack.Response query =
                stack.send(stack.request("/me", token).method("QUERY", HttpRequest.BodyPublishers.noBody()));
        assertProblem(query, 405);
        assertThat(query.header("Allow")).contains("GET");
        assertProblem(stack.get("/me;x=1", token), 400);
    }

    @Test
    void multipartContentTypeOnAJsonApiIsNoServerError() {
        AskflowStack.Response me = stack.send(stack.request("/me", token)
                .header("Content-Type", "multipart/form-data")
                .GET());
        assertThat(me.status()).as(me.toString()).isEqualTo(200);
        assertProblem(
                stack.send(stack.request("/auth/dev-login", null)
                        .header("Content-Type", "multipart/form-data")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"login\":\"octocat\",\"id\":5}"))),
                415);
    }

    @Test
    void adminInstantsAreRfc3339DateTimes() {
        String admin = stack.login(AskflowStack.ADMIN_ID);
        for (String valid : new String[] {"2026-11-23t00:00:00z", "2026-11-23T00:00:00.1234567891-18:37"}) {
            AskflowStack.Response response = stack.get("/admin/telemetry?since=" + encode(valid), admin);
            assertThat(response.status()).as(valid + ": " + response).isEqualTo(200);
        }
        for (String invalid : new String[] {"2026-02-30T00:00:00Z", "2026-11-23T24:00:00Z", "2026-11-23", "now"}) {
            assertProblem(stack.get("/admin/telemetry?since=" + encode(invalid), admin), 400);
        }
    }

    private String rawExchange(String request) throws IOException {
        try (Socket socket = new Socket(stack.baseUri.getHost(), stack.baseUri.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ask", "/questions"})
    void wrongContentTypeIs415(String path) {
        AskflowStack.Response response = stack.send(stack.request(path, token)
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("What is this?")));
        assertProblem(response, 415);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ask", "/questions"})
    void bodyOverTheLimitIs413(String path) {
        String huge = "{\"question\":\"" + "y".repeat(20_000) + "\"}";
        assertProblem(stack.postJson(path, token, huge), 413);
    }

    @Test
    void chunkedBodyOverTheLimitIs413() {
        byte[] huge = ("{\"question\":\"" + "z".repeat(20_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        // An input-stream publisher has no known length, so the client sends it chunked.
        AskflowStack.Response response = stack.send(stack.request("/ask", token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge))));
        assertProblem(response, 413);
    }

    @Test
    void badIdempotencyKeyIs400() {
        assertProblem(stack.ask("/ask", token, "hi", "Idempotency-Key", "x".repeat(300)), 400);
    }

    @Test
    void unknownAndMalformedQuestionIdsAre404() {
        assertProblem(stack.get("/questions/8f8f8f8f-1111-2222-3333-444444444444", token), 404);
        assertProblem(stack.get("/questions/not-a-uuid", token), 404);
        // Encoded slashes never reach routing: Tomcat refuses them itself (400, its own error page).
        assertThat(stack.get("/questions/..%2F..%2Fetc", token).status()).isEqualTo(400);
    }

    @Test
    void badHistoryParametersAre400() {
        assertProblem(stack.get("/history?limit=0", token), 400);
        assertProblem(stack.get("/history?limit=101", token), 400);
        assertProblem(stack.get("/history?limit=abc", token), 400);
        assertProblem(stack.get("/history?cursor=!!!", token), 400);
        assertProblem(stack.get("/history?cursor=bm9jb2xvbg", token), 400);
    }

    @Test
    void devLoginValidatesItsInput() {
        assertProblem(stack.postJson("/auth/dev-login", null, "{\"login\":\"octocat\"}"), 400);
        assertProblem(stack.postJson("/auth/dev-login", null, "{\"login\":\"octocat\",\"id\":-5}"), 400);
        assertProblem(stack.postJson("/auth/dev-login", null, "{\"login\":\"bad login!\",\"id\":5}"), 400);
        assertProblem(stack.postJson("/auth/dev-login", null, "{\"login\":"), 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/me", "/history", "/questions/8f8f8f8f-1111-2222-3333-444444444444"})
    void missingTokenIs401(String path) {
        AskflowStack.Response response = stack.get(path, null);
        assertProblem(response, 401);
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void postsWithoutTokenAre401AndReachNothing() {
        assertProblem(stack.ask("/ask", null, "hello"), 401);
        assertProblem(stack.ask("/questions", null, "hello"), 401);
        assertThat(stack.model.calls()).isZero();
    }

    @Test
    void unknownRoutesAreProblemsToo() {
        assertProblem(stack.get("/nope", token), 404);
        AskflowStack.Response wrongMethod =
                stack.send(stack.request("/ask", token).GET());
        assertProblem(wrongMethod, 405);
    }

    static void assertProblem(AskflowStack.Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).as(response.toString()).startsWith("application/problem+json");
        assertThat(response.header("X-Request-Id")).isNotBlank();
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
        assertThat(response.json().get("title").asText()).isNotBlank();
        assertThat(response.json().get("type").asText()).isNotBlank();
        assertThat(response.json().get("request_id").asText()).isEqualTo(response.header("X-Request-Id"));
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }
}

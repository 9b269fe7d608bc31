package io.askflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Personal API keys over real HTTP on a real database: shown once and stored only as a hash (never in the
 * database or the logs), the same user as the token that made them, refused at once by every gateway once
 * revoked, and unable to manage keys themselves.
 */
@ExtendWith(OutputCaptureExtension.class)
class ApiKeyTest {

    final AskflowStack stack = AskflowStack.shared();

    @Test
    void aKeyIsShownOnceAndStoredOnlyAsItsHash(CapturedOutput output) throws Exception {
        long id = AskflowStack.newUserId();
        String token = stack.login(id);

        AskflowStack.Response created = stack.postJson("/api-keys", token, "{\"name\":\"ci job\"}");

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.header("Cache-Control")).isEqualTo("no-store");
        JsonNode body = created.json();
        String key = body.get("key").asText();
        assertThat(key).matches("askf_[A-Za-z0-9_-]{43}");
        assertThat(body.get("name").asText()).isEqualTo("ci job");
        assertThat(created.header("Location"))
                .isEqualTo("/api-keys/" + body.get("id").asText());
        JsonNode listed = stack.get("/api-keys", token).json();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("id").asText()).isEqualTo(body.get("id").asText());
        assertThat(listed.get(0).get("hint").asText()).isEqualTo(key.substring(0, 9));
        assertThat(listed.get(0).has("key")).isFalse();
        assertThat(listed.toString()).doesNotContain(key);

        String secret = key.substring("askf_".length());
        List<String> stored = apiKeyColumns(body.get("id").asText());
        assertThat(stored).isNotEmpty().noneMatch(value -> value != null && value.contains(secret));
        assertThat(stored).contains(sha256(key));
        // used once, so it shows up in the log of requests too
        assertThat(stack.get("/me", key).status()).isEqualTo(200);
        assertThat(output.getAll()).doesNotContain(secret);
    }

    @Test
    void aKeyActsAsItsOwnerAndCountsAsThem() throws Exception {
        long id = AskflowStack.newUserId();
        String token = stack.login(id);
        String key = createKey(token, "script");

        JsonNode me = stack.get("/me", key).json();
        assertThat(me.get("id").asLong()).isEqualTo(id);
        assertThat(me.get("login").asText()).isEqualTo("user-" + id);
        String question = stack.ask("/questions", key, "Asked with a key")
                .json()
                .get("id")
                .asText();
        assertThat(stack.awaitFinal(question, key, Duration.ofSeconds(30))
                        .get("status")
                        .asText())
                .isEqualTo("completed");
        // the owner's history, whatever credential they read it with
        assertThat(stack.get("/history", token).json().at("/items/0/id").asText())
                .isEqualTo(question);
        assertThat(stack.get("/questions/" + question, token).status()).isEqualTo(200);
        assertThat(stack.get("/api-keys", token)
                        .json()
                        .get(0)
                        .get("last_used_at")
                        .isNull())
                .isFalse();
    }

    @Test
    void aKeyAndATokenShareTheirOwnersLimit() {
        String token = stack.login(AskflowStack.newUserId());
        String key = createKey(token, "busy script");
        for (int i = 0; i < AskflowStack.REQUESTS_PER_MINUTE; i++) {
            assertThat(stack.ask("/ask", i % 2 == 0 ? key : token, "Counted " + i)
                            .status())
                    .isEqualTo(200);
        }

        AskflowStack.Response overKey = stack.ask("/ask", key, "One too many, with the key");
        AskflowStack.Response overToken = stack.ask("/ask", token, "One too many, with the token");

        assertThat(overKey.status()).as(overKey.toString()).isEqualTo(429);
        assertThat(overToken.status()).as(overToken.toString()).isEqualTo(429);
    }

    @Test
    void aKeyCannotManageKeys() {
        String token = stack.login(AskflowStack.newUserId());
        String key = createKey(token, "limited");
        String keyId = stack.get("/api-keys", token).json().get(0).get("id").asText();

        BadInputTest.assertProblem(stack.postJson("/api-keys", key, "{\"name\":\"more\"}"), 403);
        BadInputTest.assertProblem(stack.get("/api-keys", key), 403);
        BadInputTest.assertProblem(delete("/api-keys/" + keyId, key, stack.baseUri), 403);
        assertThat(stack.get("/api-keys", token).json()).hasSize(1);
    }

    @Test
    void revocationIsSeenAtOnceByEveryGateway() {
        String token = stack.login(AskflowStack.newUserId());
        String key = createKey(token, "to revoke");
        String keyId = stack.get("/api-keys", token).json().get(0).get("id").asText();
        ConfigurableApplicationContext second = stack.startGateway();
        try {
            URI other = AskflowStack.uri(second);
            assertThat(getFrom(other, "/me", key).status()).isEqualTo(200);

            AskflowStack.Response revoked = delete("/api-keys/" + keyId, token, stack.baseUri);

            assertThat(revoked.status()).as(revoked.toString()).isEqualTo(204);
            assertThat(revoked.body()).isEmpty();
            BadInputTest.assertProblem(getFrom(other, "/me", key), 401);
            BadInputTest.assertProblem(stack.get("/me", key), 401);
            assertThat(stack.get("/me", key).header("WWW-Authenticate")).contains("invalid_token");
            assertThat(stack.get("/api-keys", token).json()).isEmpty();
            // revoking again, or from another gateway, finds nothing
            BadInputTest.assertProblem(delete("/api-keys/" + keyId, token, other), 404);
        } finally {
            second.close();
        }
    }

    @Test
    void malformedAndUnknownKeysAre401() {
        for (String bad : new String[] {
            "askf_", "askf_short", "askf_" + "A".repeat(43), "askf_" + "!".repeat(43), "askf_" + "A".repeat(44)
        }) {
            AskflowStack.Response response = stack.get("/me", bad);
            BadInputTest.assertProblem(response, 401);
            assertThat(response.body()).doesNotContain(bad);
        }
    }

    @Test
    void someoneElsesKeyIsNotFound() {
        String owner = stack.login(AskflowStack.newUserId());
        String stranger = stack.login(AskflowStack.newUserId());
        String key = createKey(owner, "mine");
        String keyId = stack.get("/api-keys", owner).json().get(0).get("id").asText();

        BadInputTest.assertProblem(delete("/api-keys/" + keyId, stranger, stack.baseUri), 404);
        assertThat(stack.get("/api-keys", stranger).json()).isEmpty();
        assertThat(stack.get("/me", key).status()).isEqualTo(200);
        BadInputTest.assertProblem(delete("/api-keys/not-a-key-id", owner, stack.baseUri), 404);
        BadInputTest.assertProblem(delete("/api-keys/00000000-0000-0000-0000-000000000000", owner, stack.baseUri), 404);
    }

    @Test
    void badRequestsAreRefused() {
        String token = stack.login(AskflowStack.newUserId());
        for (String body : new String[] {
            "{}",
            "{\"name\":null}",
            "{\"name\":\"\"}",
            "{\"name\":\"   \"}",
            "{\"name\":\"\\t\\n\\u0001 \"}",
            "{\"name\":\"" + "n".repeat(101) + "\"}",
            "{\"name\":42}",
            "{\"name\":",
            "[1]"
        }) {
            BadInputTest.assertProblem(stack.postJson("/api-keys", token, body), 400);
        }
        assertThat(stack.postJson("/api-keys", token, "{\"name\":\"" + "é".repeat(100) + "\"}")
                        .status())
                .isEqualTo(201);
        assertThat(stack.postJson("/api-keys", token, "{\"name\":\" tab\\tand\\nnew line \"}")
                        .status())
                .isEqualTo(201);
        BadInputTest.assertProblem(
                stack.postJson("/api-keys", token, "{\"name\":\"" + "x".repeat(20_000) + "\"}"), 413);
        BadInputTest.assertProblem(
                stack.send(stack.request("/api-keys", token)
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString("name"))),
                415);
        BadInputTest.assertProblem(stack.postJson("/api-keys", null, "{\"name\":\"x\"}"), 401);
        BadInputTest.assertProblem(stack.get("/api-keys", null), 401);
        BadInputTest.assertProblem(delete("/api-keys/00000000-0000-0000-0000-000000000000", null, stack.baseUri), 401);
    }

    @Test
    void oneAccountHasABoundedNumberOfKeys() {
        String token = stack.login(AskflowStack.newUserId());
        for (int i = 0; i < 25; i++) {
            createKey(token, "key " + i);
        }
        BadInputTest.assertProblem(stack.postJson("/api-keys", token, "{\"name\":\"one too many\"}"), 409);
    }

    private String createKey(String token, String name) {
        AskflowStack.Response created = stack.postJson("/api-keys", token, "{\"name\":\"" + name + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("key").asText();
    }

    private AskflowStack.Response delete(String path, String token, URI base) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).DELETE();
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return stack.send(builder);
    }

    private AskflowStack.Response getFrom(URI base, String path, String token) {
        return stack.send(HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + token)
                .GET());
    }

    /** Every column of the key's row, as text. */
    private List<String> apiKeyColumns(String keyId) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection connection = new TestDatabase(stack.databaseUrl, stack.databaseFile).connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT * FROM api_keys WHERE id = '" + keyId + "'")) {
            ResultSetMetaData meta = rows.getMetaData();
            while (rows.next()) {
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    values.add(rows.getString(i));
                }
            }
        }
        return values;
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes()));
    }
}

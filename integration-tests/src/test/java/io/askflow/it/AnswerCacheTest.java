package io.askflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** With the answer cache on: a hit makes no model call, is marked cached and costs the asker nothing. */
class AnswerCacheTest {

    static AskflowStack stack;

    @BeforeAll
    static void start() {
        stack = AskflowStack.start("--askflow.cache.enabled=true", "--askflow.cache.ttl=1h");
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void aHitIsFreeAndMarkedCachedAndNoCacheAsksTheModel() throws Exception {
        String alice = stack.login(AskflowStack.newUserId());
        String bob = stack.login(AskflowStack.newUserId());

        // answered and cached before the same question comes again, even on a machine slower than the sync wait
        JsonNode first = stack.awaitFinal(
                stack.ask("/ask", alice, "Why is the sky blue?")
                        .json()
                        .get("id")
                        .asText(),
                alice,
                Duration.ofSeconds(30));
        JsonNode hit = stack.awaitFinal(
                stack.ask("/ask", bob, "why is the sky   blue?")
                        .json()
                        .get("id")
                        .asText(),
                bob,
                Duration.ofSeconds(30));
        JsonNode fresh = stack.awaitFinal(
                stack.ask("/ask", bob, "Why is the sky blue?", "Cache-Control", "no-cache")
                        .json()
                        .get("id")
                        .asText(),
                bob,
                Duration.ofSeconds(30));

        assertThat(first.get("cached").asBoolean()).isFalse();
        assertThat(hit.get("status").asText()).isEqualTo("completed");
        assertThat(hit.get("cached").asBoolean()).isTrue();
        assertThat(hit.get("answer").asText()).isEqualTo(first.get("answer").asText());
        assertThat(hit.at("/usage/total_tokens").asLong()).isZero();
        assertThat(hit.get("cost_usd").asDouble()).isZero();
        assertThat(fresh.get("cached").asBoolean()).isFalse();
        assertThat(stack.model.calls()).isEqualTo(2);
        // the hit's reservation was settled to zero tokens
        Map<String, Object> admission = Jdbi.create(stack.databaseUrl)
                .withHandle(
                        h -> h.createQuery("SELECT state, used_tokens FROM quota_admissions WHERE question_id = :id")
                                .bind("id", hit.get("id").asText())
                                .mapToMap()
                                .one());
        assertThat(admission).containsEntry("state", "settled");
        assertThat(((Number) admission.get("used_tokens")).longValue()).isZero();
    }
}

package io.askflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.askflow.testing.OpenAiStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A worker configured with a fallback model answers from it while the primary's stand-in fails. */
class ModelFallbackTest {

    static OpenAiStandIn secondary;
    static AskflowStack stack;

    @BeforeAll
    static void start() throws Exception {
        secondary = new OpenAiStandIn("secondary-model");
        stack = AskflowStack.start(
                "--askflow.model.fallbacks[0].name=secondary-model",
                "--askflow.model.fallbacks[0].base-url=" + secondary.baseUrl(),
                "--askflow.model.breaker.sliding-window-size=2",
                "--askflow.model.breaker.open-for=1s");
    }

    @AfterAll
    static void stop() {
        stack.close();
        secondary.close();
    }

    @Test
    void theQuestionRecordsWhichModelAnswered() {
        String token = stack.login(AskflowStack.newUserId());
        stack.model.failWith(500, "server_error", null, 5);

        JsonNode answered = stack.ask("/ask", token, "Primary is down").json();

        assertThat(answered.get("status").asText()).isEqualTo("completed");
        assertThat(answered.get("model").asText()).isEqualTo("secondary-model");
        assertThat(answered.get("steps").get(1).get("attempts").asInt()).isEqualTo(1);
        assertThat(secondary.calls()).isEqualTo(1);
    }
}

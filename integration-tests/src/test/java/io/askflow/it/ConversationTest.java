package io.askflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.askflow.testing.OpenAiStandIn;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Conversations over real HTTP: the model sees what came before, and only the owner sees a conversation. */
class ConversationTest {

    final AskflowStack stack = AskflowStack.shared();
    String token;

    @BeforeEach
    void setUp() {
        stack.model.reset();
        token = stack.login(AskflowStack.newUserId());
    }

    @Test
    void aFollowUpReachesTheModelAfterTheEarlierQuestionAndAnswer() throws Exception {
        JsonNode first = stack.ask("/ask", token, "Who wrote Dune?").json();
        String conversation = first.get("conversation_id").asText();
        assertThat(conversation).isNotEqualTo(first.get("id").asText()).hasSize(36);

        AskflowStack.Response followUp = stack.postJson(
                "/ask",
                token,
                "{\"question\":\"When was it published?\",\"conversation_id\":\"" + conversation + "\"}");

        assertThat(followUp.status()).as(followUp.toString()).isEqualTo(200);
        assertThat(followUp.json().get("conversation_id").asText()).isEqualTo(conversation);
        JsonNode messages =
                stack.json.readTree(stack.model.requestBodies().get(1)).get("messages");
        // oldest first: the first question, its answer, then the follow-up
        assertThat(messages).extracting(m -> m.get("role").asText()).containsExactly("user", "assistant", "user");
        assertThat(messages)
                .extracting(m -> m.get("content").asText())
                .containsExactly("Who wrote Dune?", OpenAiStandIn.answer(1), "When was it published?");
        assertThat(stack.json.readTree(stack.model.requestBodies().get(0)).get("messages"))
                .hasSize(1);
    }

    @Test
    void theContextIsTrimmedToItsBudgetByLeavingOutTheOldestExchanges() throws Exception {
        // each exchange is about 1,000 tokens (a 3,990-character question at four characters a token, and the
        // stand-in's short answer); the stack's budget is the default 4,000 tokens: three earlier exchanges fit
        String conversation = null;
        for (int i = 1; i <= 5; i++) {
            String question = i + " " + "x".repeat(3988);
            String body = conversation == null
                    ? stack.json.writeValueAsString(java.util.Map.of("question", question))
                    : stack.json.writeValueAsString(
                            java.util.Map.of("question", question, "conversation_id", conversation));
            AskflowStack.Response answered = stack.postJson("/ask", token, body);
            assertThat(answered.status()).as(answered.toString()).isEqualTo(200);
            conversation = answered.json().get("conversation_id").asText();
        }

        JsonNode fourth =
                stack.json.readTree(stack.model.requestBodies().get(3)).get("messages");
        JsonNode fifth = stack.json.readTree(stack.model.requestBodies().get(4)).get("messages");
        // the fourth question still had all three earlier exchanges; the fifth lost the oldest of four
        assertThat(fourth).hasSize(7);
        assertThat(fifth).hasSize(7);
        assertThat(fifth.get(0).get("content").asText()).startsWith("2 ");
        assertThat(fifth.get(6).get("content").asText()).startsWith("5 ");
    }

    @Test
    void conversationsAreListedNewestFirstAndReadOldestFirstInPages() throws Exception {
        String older = stack.ask("/ask", token, "First topic")
                .json()
                .get("conversation_id")
                .asText();
        String newer = stack.ask("/ask", token, "Second topic")
                .json()
                .get("conversation_id")
                .asText();
        for (String question : new String[] {"Second topic, more", "Second topic, again"}) {
            stack.postJson("/ask", token, "{\"question\":\"" + question + "\",\"conversation_id\":\"" + newer + "\"}");
        }

        JsonNode list = stack.get("/conversations?limit=1", token).json();
        assertThat(list.get("items")).hasSize(1);
        assertThat(list.at("/items/0/id").asText()).isEqualTo(newer);
        assertThat(list.at("/items/0/title").asText()).isEqualTo("Second topic");
        JsonNode next = stack.get(
                        "/conversations?limit=1&cursor="
                                + list.get("next_cursor").asText(),
                        token)
                .json();
        assertThat(next.at("/items/0/id").asText()).isEqualTo(older);
        assertThat(next.get("next_cursor").isNull()).isTrue();

        JsonNode page = stack.get("/conversations/" + newer + "?limit=2", token).json();
        assertThat(page.get("questions"))
                .extracting(q -> q.get("question").asText())
                .containsExactly("Second topic", "Second topic, more");
        JsonNode rest = stack.get(
                        "/conversations/" + newer + "?limit=2&cursor="
                                + page.get("next_cursor").asText(),
                        token)
                .json();
        assertThat(rest.get("questions"))
                .extracting(q -> q.get("question").asText())
                .containsExactly("Second topic, again");
        assertThat(rest.get("next_cursor").isNull()).isTrue();
    }

    @Test
    void someoneElsesConversationIsNotFoundAndBadInputIsRefused() throws Exception {
        String mine = stack.ask("/ask", token, "Private thoughts")
                .json()
                .get("conversation_id")
                .asText();
        String stranger = stack.login(AskflowStack.newUserId());
        int callsBefore = stack.model.calls();

        AskflowStack.Response hijack = stack.postJson(
                "/ask", stranger, "{\"question\":\"Tell me theirs\",\"conversation_id\":\"" + mine + "\"}");
        assertThat(hijack.status()).isEqualTo(404);
        assertThat(hijack.header("Content-Type")).startsWith("application/problem+json");
        assertThat(hijack.body()).doesNotContain("Private thoughts");
        assertThat(stack.postJson("/questions", stranger, "{\"question\":\"x\",\"conversation_id\":\"" + mine + "\"}")
                        .status())
                .isEqualTo(404);
        assertThat(stack.postJson("/ask", token, "{\"question\":\"x\",\"conversation_id\":\"not-a-uuid\"}")
                        .status())
                .isEqualTo(404);
        assertThat(stack.postJson("/ask", token, "{\"question\":\"x\",\"conversation_id\":42}")
                        .status())
                .isEqualTo(400);
        assertThat(stack.get("/conversations/" + mine, stranger).status()).isEqualTo(404);
        assertThat(stack.get("/conversations/" + UUID.randomUUID(), token).status())
                .isEqualTo(404);
        assertThat(stack.get("/conversations", null).status()).isEqualTo(401);
        assertThat(stack.get("/conversations/" + mine, null).status()).isEqualTo(401);
        assertThat(stack.get("/conversations?limit=0", token).status()).isEqualTo(400);
        assertThat(stack.get("/conversations?cursor=bogus", token).status()).isEqualTo(400);
        assertThat(stack.get("/conversations", stranger).json().get("items")).isEmpty();
        // nothing refused reached the model, and the stranger's history stayed empty
        assertThat(stack.model.calls()).isEqualTo(callsBefore);
        assertThat(stack.get("/history", stranger).json().get("items")).isEmpty();
    }
}

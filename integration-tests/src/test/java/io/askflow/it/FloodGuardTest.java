package io.askflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** The gateway turns floods away with 429/503 before they reach the database or Temporal. */
class FloodGuardTest {

    static final AskflowStack stack = AskflowStack.shared();
    static ConfigurableApplicationContext guarded;
    static URI base;

    @BeforeAll
    static void start() {
        guarded = stack.startGateway(
                "--askflow.gateway.flood.user-requests-per-second=2",
                "--askflow.gateway.flood.max-concurrent-sync-waits=1");
        base = AskflowStack.uri(guarded);
    }

    @AfterAll
    static void stop() {
        guarded.close();
    }

    @Test
    void aUserSubmittingTooFastGets429WithoutARecordedQuestion() {
        stack.model.reset();
        long userId = AskflowStack.newUserId();
        String token = stack.login(userId);

        List<Integer> statuses = new ArrayList<>();
        // ten back to back at two per second: some must be turned away, however slow the machine
        for (int i = 0; i < 10; i++) {
            statuses.add(submit(token, "burst " + i).status());
        }

        assertThat(statuses).contains(202).contains(429);
        long recorded = statuses.stream().filter(s -> s == 202).count();
        assertThat(stack.get("/history", token).json().get("items")).hasSize((int) recorded);
    }

    @Test
    void tooManyConcurrentSyncWaitsGet503() throws Exception {
        stack.model.reset();
        stack.model.delayNext(Duration.ofSeconds(2));
        String first = stack.login(AskflowStack.newUserId());
        String second = stack.login(AskflowStack.newUserId());

        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<AskflowStack.Response> slow =
                    CompletableFuture.supplyAsync(() -> ask(first, "slow one"), pool);
            Thread.sleep(500);
            AskflowStack.Response refused = ask(second, "while the slow one waits");

            BadInputTest.assertProblem(refused, 503);
            assertThat(refused.header("Retry-After")).isEqualTo("1");
            assertThat(slow.get().status()).isEqualTo(200);
        }
        assertThat(ask(second, "after the wait").status()).isEqualTo(200);
    }

    private AskflowStack.Response submit(String token, String question) {
        return post("/questions", token, question);
    }

    private AskflowStack.Response ask(String token, String question) {
        return post("/ask", token, question);
    }

    private AskflowStack.Response post(String path, String token, String question) {
        return stack.send(HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"question\":\"" + question + "\"}")));
    }
}

package io.askflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GET /admin/usage: per-user requests, tokens, cost and rejections, for admins only. */
class AdminUsageTest {

    final AskflowStack stack = AskflowStack.shared();

    @BeforeEach
    void setUp() {
        stack.model.reset();
    }

    @Test
    void reportsRequestsTokensCostAndRejectionsPerUser() {
        long userId = AskflowStack.newUserId();
        String token = stack.login(userId);
        Instant before = Instant.now().minusSeconds(1);
        for (int i = 0; i < AskflowStack.REQUESTS_PER_MINUTE; i++) {
            assertThat(stack.ask("/ask", token, "usage " + i).status()).isEqualTo(200);
        }
        assertThat(stack.ask("/ask", token, "over the limit").status()).isEqualTo(429);
        String admin = stack.login(AskflowStack.ADMIN_ID);

        AskflowStack.Response response =
                stack.get("/admin/usage?from=" + before + "&to=" + Instant.now().plusSeconds(1), admin);

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode mine = null;
        for (JsonNode user : response.json().get("users")) {
            if (user.get("user_id").asLong() == userId) {
                mine = user;
            }
        }
        assertThat(mine).as(response.toString()).isNotNull();
        int n = AskflowStack.REQUESTS_PER_MINUTE;
        assertThat(mine.get("login").asText()).isEqualTo("user-" + userId);
        assertThat(mine.get("requests").asLong()).isEqualTo(n + 1);
        assertThat(mine.get("completed").asLong()).isEqualTo(n);
        assertThat(mine.get("rejected").asLong()).isEqualTo(1);
        assertThat(mine.get("total_tokens").asLong()).isEqualTo(20L * n);
        assertThat(mine.get("cached_tokens").asLong()).isEqualTo(4L * n);
        assertThat(mine.get("cost_usd").asDouble())
                .isCloseTo(n * (8 * 0.15 + 4 * 0.075 + 8 * 0.60) / 1e6, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void adminsOnlyAndAValidPeriod() {
        String user = stack.login(AskflowStack.newUserId());
        String admin = stack.login(AskflowStack.ADMIN_ID);

        BadInputTest.assertProblem(stack.get("/admin/usage", user), 403);
        BadInputTest.assertProblem(stack.get("/admin/usage", null), 401);
        BadInputTest.assertProblem(stack.get("/admin/usage?from=yesterday", admin), 400);
        BadInputTest.assertProblem(
                stack.get("/admin/usage?from=2026-11-23T00:00:00Z&to=2026-11-22T00:00:00Z", admin), 400);
        BadInputTest.assertProblem(
                stack.get("/admin/usage?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z", admin), 400);
        assertThat(stack.get("/admin/usage", admin).status()).isEqualTo(200);
    }
}

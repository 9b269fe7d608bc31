package io.askflow.gateway.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.jayway.jsonpath.JsonPath;
import io.askflow.gateway.GatewayWebTest;
import io.askflow.gateway.security.TokenService;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

@GatewayWebTest
class UserEndpointsTest {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TokenService tokens;

    @Autowired
    UserRepository users;

    final long userId = ThreadLocalRandom.current().nextLong(1, 1_000_000_000);

    @Test
    void meAnswersWithTheStoredLoginWhichFollowsRenames() {
        when(users.login(userId)).thenReturn(Optional.of("renamed"));

        assertThat(mvc.get().uri("/me").header(HttpHeaders.AUTHORIZATION, bearer(userId, "octocat")))
                .hasStatusOk()
                .hasContentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .bodyJson()
                .isStrictlyEqualTo("{\"id\": " + userId + ", \"login\": \"renamed\"}");
    }

    @Test
    void meFallsBackToTheTokensLoginForAUserNotStoredYet() {
        when(users.login(userId)).thenReturn(Optional.empty());

        assertThat(mvc.get().uri("/me").header(HttpHeaders.AUTHORIZATION, bearer(userId, "octocat")))
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.login")
                .isEqualTo("octocat");
    }

    @Test
    void meWithoutATokenIs401() {
        assertThat(mvc.get().uri("/me"))
                .hasStatus(HttpStatus.UNAUTHORIZED)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                .hasHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    }

    @Test
    void devLoginStoresTheUserAndIssuesATokenThatWorks() throws Exception {
        MvcTestResult login = mvc.post()
                .uri("/auth/dev-login")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"login\": \"octo-cat\", \"id\": " + userId + "}")
                .exchange();

        assertThat(login).hasStatusOk().bodyJson().satisfies(json -> {
            assertThat(json).extractingPath("$.token_type").isEqualTo("Bearer");
            assertThat(json).extractingPath("$.user.login").isEqualTo("octo-cat");
            assertThat(json).extractingPath("$.user.id").convertTo(Long.class).isEqualTo(userId);
            assertThat(json).extractingPath("$.expires_at").asString().endsWith("Z");
        });
        verify(users).upsert(eq(userId), eq("octo-cat"), anyLong());

        String token = JsonPath.read(login.getResponse().getContentAsString(), "$.token");
        when(users.login(userId)).thenReturn(Optional.of("octo-cat"));
        assertThat(mvc.get().uri("/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + token))
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.id")
                .convertTo(Long.class)
                .isEqualTo(userId);
    }

    @Test
    void devLoginRefusesBadLoginsAndIds() {
        for (String body : new String[] {
            "{\"login\": \"octocat\"}",
            "{\"login\": \"octocat\", \"id\": 0}",
            "{\"login\": \"octocat\", \"id\": -5}",
            "{\"id\": 5}",
            "{\"login\": \"-octocat\", \"id\": 5}",
            "{\"login\": \"octo--cat\", \"id\": 5}",
            "{\"login\": \"octo cat\", \"id\": 5}",
            "{\"login\": \"" + "a".repeat(40) + "\", \"id\": 5}",
        }) {
            assertThat(mvc.post()
                            .uri("/auth/dev-login")
                            .contentType(MediaType.APPLICATION_JSON)
                            .content(body))
                    .as(body)
                    .hasStatus(HttpStatus.BAD_REQUEST)
                    .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .bodyJson()
                    .extractingPath("$.type")
                    .isEqualTo("https://askflow.dev/problems/bad-request");
        }
        verify(users, never()).upsert(anyLong(), anyString(), anyLong());
    }

    private String bearer(long id, String login) {
        return "Bearer " + tokens.issue(id, login).value();
    }
}

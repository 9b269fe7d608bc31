package io.askflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The whole GitHub web flow through Spring Security's OAuth client against a local GitHub stand-in, the way
 * a browser walks it: /auth/login, GitHub's authorize page, back to /auth/callback.
 */
@ExtendWith(OutputCaptureExtension.class)
class GithubSignInTest {

    final AskflowStack stack = AskflowStack.shared();

    @Test
    void signsInWithStateAndPkceAndNeverShowsGithubsToken(CapturedOutput output) {
        long id = AskflowStack.newUserId();
        stack.github.signInAs(id, "mona");

        URI authorize = startLogin();
        Map<String, String> query = GithubStandIn.query(authorize);
        assertThat(authorize.toString()).startsWith(stack.github.baseUrl() + "/login/oauth/authorize?");
        assertThat(query)
                .containsEntry("client_id", GithubStandIn.CLIENT_ID)
                .containsEntry("response_type", "code")
                .containsEntry("code_challenge_method", "S256")
                .containsEntry("redirect_uri", stack.baseUri + "/auth/callback")
                .containsKeys("state", "code_challenge");

        AskflowStack.Response callback =
                stack.send(HttpRequest.newBuilder(approveAtGithub(authorize)).GET());

        assertThat(callback.status()).as(callback.toString()).isEqualTo(200);
        JsonNode body = callback.json();
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.at("/user/id").asLong()).isEqualTo(id);
        assertThat(body.at("/user/login").asText()).isEqualTo("mona");
        assertThat(body.get("expires_at").asText()).isNotBlank();
        String token = body.get("token").asText();
        assertThat(stack.get("/me", token).json().get("login").asText()).isEqualTo("mona");
        // PKCE really happened: the exchange carried the verifier of the challenge
        Map<String, String> exchange = stack.github.tokenRequests.get(stack.github.tokenRequests.size() - 1);
        assertThat(GithubStandIn.s256(exchange.get("code_verifier"))).isEqualTo(query.get("code_challenge"));
        // GitHub's access token is used once and appears nowhere
        assertThat(callback.body()).doesNotContain("gho_");
        assertThat(output.getOut()).doesNotContain("gho_");
    }

    @Test
    void stateMismatchIs400(CapturedOutput output) {
        URI callback = approveAtGithub(startLogin());
        URI forged = URI.create(callback.toString().replaceFirst("state=[^&]+", "state=forged-state"));

        AskflowStack.Response response =
                stack.send(HttpRequest.newBuilder(forged).GET());

        BadInputTest.assertProblem(response, 400);
        assertThat(output.getOut())
                .contains("authentication failed")
                .contains(response.header("X-Request-Id"))
                .contains("GET /auth/callback")
                .contains("authorization_request_not_found");
    }

    @Test
    void aReplayedCallbackIsRefused() {
        URI callback = approveAtGithub(startLogin());
        assertThat(stack.send(HttpRequest.newBuilder(callback).GET()).status()).isEqualTo(200);

        BadInputTest.assertProblem(stack.send(HttpRequest.newBuilder(callback).GET()), 400);
    }

    @Test
    void aReplayedCodeIsRefusedEvenWithAFreshState(CapturedOutput output) {
        URI first = approveAtGithub(startLogin());
        assertThat(stack.send(HttpRequest.newBuilder(first).GET()).status()).isEqualTo(200);
        String usedCode = GithubStandIn.query(first).get("code");
        URI fresh = approveAtGithub(startLogin());
        URI replay = URI.create(fresh.toString().replaceFirst("code=[^&]+", "code=" + usedCode));

        AskflowStack.Response response =
                stack.send(HttpRequest.newBuilder(replay).GET());

        // GitHub answers the exchange with HTTP 200 and {"error":"bad_verification_code"}: still a failure
        BadInputTest.assertProblem(response, 401);
        assertThat(output.getOut()).contains("invalid_token_response");
    }

    @Test
    void aCodeIssuedForAnotherPkceChallengeIsRefused() {
        URI victim = approveAtGithub(startLogin());
        URI attacker = approveAtGithub(startLogin());
        // the attacker's own sign-in (own state, own verifier) with the victim's code
        URI injected = URI.create(attacker.toString()
                .replaceFirst(
                        "code=[^&]+", "code=" + GithubStandIn.query(victim).get("code")));

        BadInputTest.assertProblem(stack.send(HttpRequest.newBuilder(injected).GET()), 401);
    }

    @Test
    void userDeniedAtGithubIsRefused() {
        URI callback = approveAtGithub(startLogin());
        URI denied = URI.create(stack.baseUri + "/auth/callback?error=access_denied&state="
                + GithubStandIn.query(callback).get("state"));

        BadInputTest.assertProblem(stack.send(HttpRequest.newBuilder(denied).GET()), 401);
    }

    @Test
    void aRenameKeepsTheUserAndTheirHistory() {
        long id = AskflowStack.newUserId();
        stack.github.signInAs(id, "before-rename");
        String first = signIn();
        String questionId = stack.ask("/ask", first, "Asked before the rename")
                .json()
                .get("id")
                .asText();

        stack.github.signInAs(id, "after-rename");
        String second = signIn();

        JsonNode me = stack.get("/me", second).json();
        assertThat(me.get("id").asLong()).isEqualTo(id);
        assertThat(me.get("login").asText()).isEqualTo("after-rename");
        assertThat(stack.get("/history", second)
                        .json()
                        .get("items")
                        .get(0)
                        .get("id")
                        .asText())
                .isEqualTo(questionId);
        assertThat(stack.get("/questions/" + questionId, second).status()).isEqualTo(200);
    }

    private String signIn() {
        AskflowStack.Response response =
                stack.send(HttpRequest.newBuilder(approveAtGithub(startLogin())).GET());
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().get("token").asText();
    }

    private URI startLogin() {
        AskflowStack.Response response = stack.get("/auth/login", null);
        assertThat(response.status()).as(response.toString()).isEqualTo(302);
        return URI.create(response.header("Location"));
    }

    /** What the browser does at GitHub: approve, and follow GitHub's redirect back to the callback. */
    private URI approveAtGithub(URI authorize) {
        AskflowStack.Response response =
                stack.send(HttpRequest.newBuilder(authorize).GET());
        assertThat(response.status()).as(response.toString()).isEqualTo(302);
        return URI.create(response.header("Location"));
    }
}

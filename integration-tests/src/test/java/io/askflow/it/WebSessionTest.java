package io.askflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The web app's session: GitHub's flow started at /auth/web-login ends in an HttpOnly, SameSite cookie and a
 * redirect to the app; requests riding on the cookie need the CSRF token, bearer requests do not; sign-out ends
 * the session; the pages are served with a CSP that allows their own scripts and nothing else.
 */
class WebSessionTest {

    final AskflowStack stack = AskflowStack.shared();

    @Test
    void githubSignInFromTheWebAppEndsInASessionCookieAndARedirect() {
        long id = AskflowStack.newUserId();
        stack.github.signInAs(id, "grace");
        AskflowStack.Response start = stack.get("/auth/web-login", null);
        assertThat(start.status()).isEqualTo(302);
        URI authorize = URI.create(start.header("Location"));
        assertThat(GithubStandIn.query(authorize))
                .containsEntry("code_challenge_method", "S256")
                .containsEntry("redirect_uri", stack.baseUri + "/auth/callback");
        URI callback =
                URI.create(stack.send(HttpRequest.newBuilder(authorize).GET()).header("Location"));

        AskflowStack.Response back = stack.send(HttpRequest.newBuilder(callback).GET());

        assertThat(back.status()).as(back.toString()).isEqualTo(302);
        assertThat(back.header("Location")).endsWith("/");
        assertThat(back.body()).doesNotContain("token");
        String setCookie = setCookies(back).get(0);
        assertThat(setCookie)
                .startsWith("askflow_session=")
                .contains("HttpOnly")
                .contains("SameSite=Lax")
                .contains("Path=/")
                .contains("Max-Age=");
        // dev serves plain HTTP; outside dev the cookie is Secure (BrowserSessionTest)
        assertThat(setCookie).doesNotContain("Secure");
        String session = HttpCookie.parse(setCookie).get(0).getValue();
        assertThat(withCookies("/me", Map.of("askflow_session", session))
                        .json()
                        .get("id")
                        .asLong())
                .isEqualTo(id);
        // the API's own sign-in still answers JSON with a token
        assertThat(stack.get("/auth/login", null).header("Location")).contains("/login/oauth/authorize");
    }

    @Test
    void theSignInPageLearnsWhichSignInsExist() {
        AskflowStack.Response options = stack.get("/auth/options", null);
        assertThat(options.status()).isEqualTo(200);
        assertThat(options.json().toString()).isEqualTo("{\"github\":true,\"dev\":true}");
    }

    @Test
    void aCookieAuthenticatedChangeNeedsTheCsrfToken() {
        long id = AskflowStack.newUserId();
        String session = stack.session(id);
        AskflowStack.Response me = withCookies("/me", Map.of("askflow_session", session));
        assertThat(me.status()).isEqualTo(200);
        String csrf = setCookies(me).stream()
                .filter(c -> c.startsWith("XSRF-TOKEN="))
                .map(c -> HttpCookie.parse(c).get(0).getValue())
                .findFirst()
                .orElseThrow();
        String body = "{\"question\":\"Is this forged?\"}";

        AskflowStack.Response withoutToken =
                post("/questions", body, Map.of("askflow_session", session, "XSRF-TOKEN", csrf), null);
        BadInputTest.assertProblem(withoutToken, 403);
        BadInputTest.assertProblem(
                post("/questions", body, Map.of("askflow_session", session, "XSRF-TOKEN", csrf), "wrong"), 403);
        BadInputTest.assertProblem(
                post("/api-keys", "{\"name\":\"x\"}", Map.of("askflow_session", session), null), 403);
        assertThat(stack.get("/history", stack.login(id)).json().get("items")).isEmpty();

        // the token stays the same for the session's requests, so a page's concurrent requests never race
        assertThat(post("/questions", body, Map.of("askflow_session", session, "XSRF-TOKEN", csrf), csrf)
                        .header("Set-Cookie"))
                .isNull();
        AskflowStack.Response withToken =
                post("/questions", body, Map.of("askflow_session", session, "XSRF-TOKEN", csrf), csrf);
        assertThat(withToken.status()).as(withToken.toString()).isEqualTo(202);
        // a bearer request needs no CSRF token: a browser never adds an Authorization header by itself
        assertThat(stack.ask("/questions", stack.login(id), "With a token").status())
                .isEqualTo(202);
    }

    @Test
    void signOutExpiresTheCookies() {
        String session = stack.session(AskflowStack.newUserId());
        AskflowStack.Response me = withCookies("/me", Map.of("askflow_session", session));
        String csrf = HttpCookie.parse(setCookies(me).get(0)).get(0).getValue();
        Map<String, String> cookies = Map.of("askflow_session", session, "XSRF-TOKEN", csrf);

        BadInputTest.assertProblem(post("/auth/logout", null, cookies, null), 403);
        AskflowStack.Response out = post("/auth/logout", null, cookies, csrf);

        assertThat(out.status()).as(out.toString()).isEqualTo(204);
        assertThat(setCookies(out))
                .anySatisfy(c -> assertThat(c).startsWith("askflow_session=;").contains("Max-Age=0"))
                .anySatisfy(c -> assertThat(c).startsWith("XSRF-TOKEN=;").contains("Max-Age=0"));
    }

    @Test
    void aSessionStartsOnlyFromAToken() {
        long id = AskflowStack.newUserId();
        assertThat(post("/auth/session", null, Map.of(), null).status()).isEqualTo(401);
        String token = stack.login(id);
        String key = stack.postJson("/api-keys", token, "{\"name\":\"k\"}")
                .json()
                .get("key")
                .asText();
        BadInputTest.assertProblem(
                stack.send(stack.request("/auth/session", key).POST(HttpRequest.BodyPublishers.noBody())), 403);
        AskflowStack.Response started =
                stack.send(stack.request("/auth/session", token).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(started.status()).isEqualTo(204);
        assertThat(setCookies(started).get(0)).startsWith("askflow_session=").contains("HttpOnly");
        // an API key in the cookie is not a session
        assertThat(withCookies("/me", Map.of("askflow_session", key)).status()).isEqualTo(401);
    }

    @Test
    void theAppIsServedWithItsOwnStrictPolicyAndTheApiKeepsThePlainOne() {
        AskflowStack.Response page = stack.get("/", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains("<script type=\"module\" src=\"/app/app.js\">");
        String policy = page.header("Content-Security-Policy");
        assertThat(policy)
                .contains("default-src 'none'")
                .contains("script-src 'self'")
                .contains("frame-ancestors 'none'")
                .doesNotContain("unsafe-inline")
                .doesNotContain("http");
        assertThat(stack.get("/app/app.js", null).header("Content-Type")).contains("javascript");
        // an expired or forged cookie does not lock anyone out of the pages or the sign-in
        assertThat(withCookies("/", Map.of("askflow_session", "forged")).status())
                .isEqualTo(200);
        assertThat(withCookies("/me", Map.of("askflow_session", "forged")).status())
                .isEqualTo(401);
        assertThat(stack.get("/me", null).header("Content-Security-Policy"))
                .isEqualTo("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
        assertThat(stack.get("/me", null).header("Set-Cookie")).isNull();
        assertThat(stack.get("/me", stack.login(AskflowStack.newUserId())).header("Set-Cookie"))
                .isNull();
    }

    private AskflowStack.Response withCookies(String path, Map<String, String> cookies) {
        return stack.send(stack.request(path, null)
                .header("Cookie", cookieHeader(cookies))
                .GET());
    }

    private AskflowStack.Response post(String path, String json, Map<String, String> cookies, String csrf) {
        HttpRequest.Builder builder = stack.request(path, null);
        if (!cookies.isEmpty()) {
            builder.header("Cookie", cookieHeader(cookies));
        }
        if (csrf != null) {
            builder.header("X-XSRF-TOKEN", csrf);
        }
        if (json != null) {
            builder.header("Content-Type", "application/json");
        }
        return stack.send(builder.POST(
                json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)));
    }

    private static String cookieHeader(Map<String, String> cookies) {
        return cookies.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("; "));
    }

    private static List<String> setCookies(AskflowStack.Response response) {
        return response.raw().headers().allValues("Set-Cookie");
    }
}

package io.askflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The web app in a real browser (Debian's headless Chromium) against the real gateway and worker, GitHub and the
 * model being the local stand-ins: sign in through the OAuth flow, ask with the keyboard and watch the answer
 * appear, open the history and a step timeline, create and revoke an API key, read the admin chart, sign out. A
 * screenshot of each page is kept under target/screenshots.
 */
class WebAppBrowserTest {

    private static final Duration ANSWER = Duration.ofSeconds(30);

    final AskflowStack stack = AskflowStack.shared();

    @Test
    void aPersonSignsInAsksReadsHistoryManagesKeysAndSignsOut() throws Exception {
        long id = AskflowStack.newUserId();
        stack.github.signInAs(id, "ada");
        try (Browser browser = Browser.launch()) {
            browser.viewport(1280, 900, false);
            browser.open(stack.baseUri + "/");
            // a dev stack: the dev sign-in is offered beside GitHub's
            browser.waitFor("document.querySelector('form.dev')", Duration.ofSeconds(10));
            browser.screenshot("sign-in");

            // GitHub's OAuth flow: the app's link, the stand-in's authorize page, the callback, back to the app
            browser.click("#github-sign-in");
            browser.waitFor("document.querySelector('#question')", Duration.ofSeconds(20));
            assertThat(browser.text("#who-login")).isEqualTo("ada");
            Map<String, JsonNode> cookies = browser.cookies();
            JsonNode session = cookies.get("askflow_session");
            assertThat(session).as("session cookie").isNotNull();
            assertThat(session.get("httpOnly").asBoolean()).isTrue();
            assertThat(session.get("sameSite").asText()).isEqualTo("Lax");
            assertThat(browser.eval("document.cookie").asText()).doesNotContain("askflow_session");

            // answers are markdown, rendered without letting any HTML or script through
            String rendered = browser.eval("import('/app/markdown.js').then(m => m.renderMarkdown("
                            + "'# Title\\n<img src=x onerror=alert(1)> **bold** `<b>`\\n\\n- [ok](https://example.org)\\n"
                            + "- [bad](javascript:alert(1))\\n\\n```\\n<script>alert(1)</script>\\n```'))")
                    .asText();
            assertThat(rendered)
                    .contains("<h3>Title</h3>", "&lt;img src=x onerror=alert(1)&gt;", "<strong>bold</strong>")
                    .contains("<code>&lt;b&gt;</code>", "<a href=\"https://example.org\"", "&lt;script&gt;")
                    .doesNotContain("<img", "<script", "href=\"javascript");

            // ask with the keyboard only: type, then Ctrl+Enter
            browser.type("#question", "What makes a workflow *durable*?");
            browser.press("Enter", "Enter", 13, 2);
            browser.waitFor(
                    "document.querySelector('.qa .status-line .badge.completed') && !document.querySelector('.qa .thinking')",
                    ANSWER);
            assertThat(browser.text(".qa .answer")).contains("from the stand-in");
            assertThat(browser.text(".qa .meta")).contains("tokens");
            assertThat(browser.text(".qa .question")).isEqualTo("What makes a workflow *durable*?");
            browser.screenshot("ask");
            browser.viewport(390, 844, true);
            browser.screenshot("ask-phone");
            browser.viewport(1280, 900, false);

            // history, newest first, and one question's step timeline
            browser.eval("location.hash = '#/history'");
            browser.waitFor("document.querySelector('.history-item')", Duration.ofSeconds(10));
            assertThat(browser.text(".history-item")).contains("What makes a workflow");
            browser.screenshot("history");
            browser.click(".history-item");
            browser.waitFor("document.querySelectorAll('#timeline tbody tr').length === 4", Duration.ofSeconds(10));
            String timeline = browser.text("#timeline");
            assertThat(timeline).contains("CheckQuota", "GenerateAnswer", "SaveAnswer", "RecordTelemetry");
            browser.screenshot("question");

            // an API key: created (shown once), used by a program, revoked
            browser.eval("location.hash = '#/keys'");
            browser.type("#key-name", "laptop script");
            browser.click("#create-key");
            browser.waitFor("document.querySelector('#new-key')", Duration.ofSeconds(10));
            String key =
                    browser.eval("document.querySelector('#new-key').value").asText();
            assertThat(key).startsWith("askf_");
            browser.waitFor("document.querySelectorAll('#keys button[data-key]').length === 1", Duration.ofSeconds(5));
            assertThat(browser.text("#keys")).contains("laptop script").doesNotContain(key);
            assertThat(stack.get("/me", key).json().get("id").asLong()).isEqualTo(id);
            browser.screenshot("api-keys");
            browser.click("#keys button[data-key]");
            browser.click("#keys button[data-key]");
            browser.waitFor("document.querySelectorAll('#keys button[data-key]').length === 0", Duration.ofSeconds(5));
            assertThat(stack.get("/me", key).status()).isEqualTo(401);
            assertThat(browser.eval("document.querySelector('#nav-admin').hidden")
                            .asBoolean())
                    .isTrue();

            // sign out: the session cookie is gone and the app asks to sign in again
            browser.click("#sign-out");
            browser.waitFor("document.querySelector('#github-sign-in')", Duration.ofSeconds(10));
            assertThat(browser.cookies()).doesNotContainKey("askflow_session");
            browser.open(stack.baseUri + "/#/history");
            browser.waitFor("document.querySelector('#github-sign-in')", Duration.ofSeconds(10));

            // an admin sees usage per user as a chart
            stack.github.signInAs(AskflowStack.ADMIN_ID, "admin");
            browser.click("#github-sign-in");
            browser.waitFor("!document.querySelector('#nav-admin').hidden", Duration.ofSeconds(20));
            browser.eval("location.hash = '#/admin'");
            browser.waitFor("document.querySelector('svg.chart .chart-bar')", Duration.ofSeconds(10));
            assertThat(browser.text("#usage")).contains("ada");
            browser.screenshot("admin");
        }
    }
}

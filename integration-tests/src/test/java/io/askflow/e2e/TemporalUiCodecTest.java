package io.askflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.askflow.it.Browser;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #15 as an admin lives it: with the payload codec on, the real Temporal UI of the dev server, in Chromium,
 * shows a question's workflow decoded once the admin has signed in to the web app and pointed the UI's data
 * encoder at the gateway's {@code /codec} with "Include cross-origin credentials"; without that setting it shows
 * ciphertext only.
 */
class TemporalUiCodecTest {

    static final long ADMIN_ID = 7_000_001;
    static final Duration PAGE = Duration.ofSeconds(30);

    /**
     * The UI's data-encoder settings ("Codec Server browser endpoint", "Include cross-origin credentials"), as its
     * settings dialog keeps them in the browser's localStorage (UI 2.54: these keys, JSON values; the browser's
     * endpoint counts only with the override flag set, else the UI server's TEMPORAL_CODEC_ENDPOINT does).
     */
    static final String CODEC_SETTINGS = """
            localStorage.setItem('endpoint', JSON.stringify('%s/codec'));
            localStorage.setItem('includeCredentials', 'true');
            localStorage.setItem('passAccessToken', 'false');
            localStorage.setItem('overrideRemoteCodecConfiguration', 'true');
            """;

    /** The workflow's page is up and shows a payload as the UI shows one it could not decode: base64 data. */
    static final String CIPHERTEXT_SHOWN =
            "document.body.innerText.includes('ask-%s') && /[A-Za-z0-9+\\/]{100,}/.test(document.body.innerText)";

    static ProcessStack stack;

    @BeforeAll
    static void start() throws Exception {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        stack = ProcessStack.start(Map.of(
                "ASKFLOW_CODEC_KEYS",
                "ui-test:" + Base64.getEncoder().encodeToString(key),
                "ADMIN_GITHUB_IDS",
                Long.toString(ADMIN_ID)));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void anAdminSignedInToTheWebAppReadsTheDecodedWorkflowInTheTemporalUi() throws Exception {
        Assumptions.assumeFalse(stack.temporalUi.isBlank(), "ASKFLOW_E2E_TEMPORAL_UI not set");
        String secret = "codec-canary-" + UUID.randomUUID();
        String user = stack.login(ProcessStack.newUserId());
        ProcessStack.Response asked = stack.ask("/ask", user, "What does " + secret + " mean?");
        assertThat(asked.status()).as(asked.toString()).isEqualTo(200);
        String id = asked.json().get("id").asText();
        String answer = asked.json().get("answer").asText();
        String workflowPage = asked.json().at("/workflow/ui_url").asText();
        stack.awaitStep(id, user, "RecordTelemetry", "completed", Duration.ofSeconds(10));

        try (Browser browser = Browser.launch()) {
            browser.open(stack.baseUri + "/");
            browser.waitFor("document.querySelector('form.dev')", PAGE);
            browser.eval("document.querySelector('#dev-login').value = 'admin'");
            browser.eval("document.querySelector('#dev-id').value = '" + ADMIN_ID + "'");
            browser.click("form.dev button[type=submit]");
            browser.waitFor("!document.querySelector('#nav-admin').hidden", PAGE);

            // without the codec setting the UI shows the input and the result as they are stored: ciphertext,
            // which it prints as the payload's data in base64
            browser.open(workflowPage);
            browser.waitFor(CIPHERTEXT_SHOWN.formatted(id), PAGE);
            assertThat(browser.eval("document.body.innerText").asText()).doesNotContain(secret);
            browser.screenshot("temporal-ui-encrypted");

            browser.eval(CODEC_SETTINGS.formatted(stack.baseUri));
            browser.open(workflowPage);
            browser.waitFor(
                    "document.body.innerText.includes('" + secret + "')"
                            + " && document.querySelector('[data-testid=data-encoder-status-success]')",
                    PAGE);
            browser.screenshot("temporal-ui-decoded");
            // step by step: the model's answer, a GenerateAnswer result, in the event history
            browser.eval(
                    "[...document.querySelectorAll('a')].find(a => a.innerText.startsWith('Event History')).click()");
            browser.waitFor("document.body.innerText.includes('" + answer + "')", PAGE);
            browser.screenshot("temporal-ui-history");

            // the session cookie is the credential: signed out of the web app, the UI is back to ciphertext
            browser.open(stack.baseUri + "/");
            browser.click("#sign-out");
            browser.waitFor("document.querySelector('form.dev')", PAGE);
            browser.open(workflowPage);
            // the UI's own sign that the codec server refused (401): its data-encoder button turns to error
            browser.waitFor(
                    CIPHERTEXT_SHOWN.formatted(id)
                            + " && document.querySelector('[data-testid=data-encoder-status-error]')",
                    PAGE);
            assertThat(browser.eval("document.body.innerText").asText()).doesNotContain(secret);
        }
        assertThat(stack.log("gateway")).contains("codec: decoding");
    }
}

package io.askflow.e2e;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Debian's Chromium, headless, as a browser would render a page (scripts run) — no downloads. */
final class HeadlessChromium {

    private HeadlessChromium() {}

    /** The page's DOM after its scripts ran for up to {@code budgetMillis} of virtual time. */
    static String dumpDom(String url, long budgetMillis) throws Exception {
        Path binary = Path.of("/usr/bin/chromium");
        if (!Files.isExecutable(binary)) {
            if ("1".equals(System.getenv("ASKFLOW_E2E_REQUIRED"))) {
                throw new IllegalStateException("/usr/bin/chromium is missing; ./test.sh installs it");
            }
            Assumptions.abort("no /usr/bin/chromium: run ./test.sh (it installs it) for the browser check");
        }
        Path profile = Files.createTempDirectory("askflow-chromium");
        Path out = Files.createTempFile("askflow-dom", ".html");
        // The flags keep Chromium off the network beyond the page itself (the machine has none).
        Process process = new ProcessBuilder(List.of(
                        binary.toString(),
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--user-data-dir=" + profile,
                        // The UI draws only the part of a workflow's timeline that is on screen: a tall window
                        // puts all of it in the DOM.
                        "--window-size=1400,3000",
                        "--virtual-time-budget=" + budgetMillis,
                        "--dump-dom",
                        url))
                .redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("Chromium did not finish rendering " + url);
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}

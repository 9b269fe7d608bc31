package io.askflow.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's headless Chromium driven over the Chrome DevTools Protocol, with nothing but the JDK's WebSocket
 * client: no driver binary, no browser download. Enough of the protocol for the web app's tests: navigate, run
 * script in the page, type, press keys, read cookies, take screenshots, emulate a phone. The end-to-end suite
 * drives the Temporal UI with it too.
 */
public final class Browser implements AutoCloseable {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final ObjectMapper json = new ObjectMapper();
    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private Browser(Process process, Path profile, String pageSocket) {
        this.process = process;
        this.profile = profile;
        this.socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .buildAsync(URI.create(pageSocket), new Listener())
                .join();
    }

    public static Browser launch() throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            if ("1".equals(System.getenv("ASKFLOW_E2E_REQUIRED"))) {
                throw new IllegalStateException("/usr/bin/chromium is missing; ./test.sh installs it");
            }
            Assumptions.abort("no /usr/bin/chromium: run ./test.sh (it installs it) for the browser tests");
        }
        Path profile = Files.createTempDirectory("askflow-browser");
        // The flags keep Chromium off the network beyond the pages it is sent to (the machine has none).
        Process process = new ProcessBuilder(List.of(
                        CHROMIUM.toString(),
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--hide-scrollbars",
                        "--remote-debugging-address=127.0.0.1",
                        "--remote-debugging-port=0",
                        "--user-data-dir=" + profile,
                        "--window-size=1280,900",
                        "about:blank"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(portFile) || Files.readAllLines(portFile).isEmpty()) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                process.destroyForcibly();
                throw new IllegalStateException("Chromium did not open its DevTools port");
            }
            Thread.sleep(100);
        }
        String port = Files.readAllLines(portFile).get(0).trim();
        HttpResponse<String> targets = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        for (JsonNode target : new ObjectMapper().readTree(targets.body())) {
            if ("page".equals(target.path("type").asText())) {
                Browser browser = new Browser(
                        process, profile, target.get("webSocketDebuggerUrl").asText());
                browser.send("Page.enable", Map.of());
                browser.send("Network.enable", Map.of());
                return browser;
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("Chromium has no page target: " + targets.body());
    }

    public JsonNode send(String method, Map<String, ?> params) {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode message = json.createObjectNode().put("id", id).put("method", method);
        message.set("params", json.valueToTree(params));
        try {
            socket.sendText(json.writeValueAsString(message), true).join();
            JsonNode reply = answer.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (reply.has("error")) {
                throw new IllegalStateException(method + " failed: " + reply.get("error"));
            }
            return reply.path("result");
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(method + " failed", e);
        } finally {
            pending.remove(id);
        }
    }

    /** Opens a URL and waits until its document and scripts have loaded. */
    public void open(String url) {
        send("Page.navigate", Map.of("url", url));
        waitFor("document.readyState === 'complete'", Duration.ofSeconds(20));
    }

    /** Runs script in the page (awaiting a promise it returns) and returns its value. */
    public JsonNode eval(String expression) {
        JsonNode result =
                send("Runtime.evaluate", Map.of("expression", expression, "awaitPromise", true, "returnByValue", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("script failed: " + expression + " → " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** Waits until the script's condition holds in the page. */
    public void waitFor(String condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (eval("!!(" + condition + ")").asBoolean()) {
                    return;
                }
            } catch (IllegalStateException e) {
                // the page is navigating: its context is gone for a moment
            }
            if (System.nanoTime() > deadline) {
                try {
                    screenshot("failed-wait");
                } catch (IOException | RuntimeException e) {
                    // the assertion below says what went wrong
                }
                throw new AssertionError("not within " + timeout + ": " + condition + "\npage: "
                        + eval("document.body ? document.body.innerHTML : ''").asText() + "\ncookies: " + cookies());
            }
            sleep(100);
        }
    }

    public void click(String selector) {
        waitFor("document.querySelector(" + quote(selector) + ")", Duration.ofSeconds(10));
        eval("document.querySelector(" + quote(selector) + ").click()");
    }

    /** Focuses an element and types into it as a keyboard would. */
    public void type(String selector, String text) {
        waitFor("document.querySelector(" + quote(selector) + ")", Duration.ofSeconds(10));
        eval("document.querySelector(" + quote(selector) + ").focus()");
        send("Input.insertText", Map.of("text", text));
    }

    /** Presses a key with modifiers (1 Alt, 2 Ctrl, 4 Meta, 8 Shift) on the focused element. */
    public void press(String key, String code, int keyCode, int modifiers) {
        for (String type : List.of("rawKeyDown", "keyUp")) {
            send(
                    "Input.dispatchKeyEvent",
                    Map.of(
                            "type",
                            type,
                            "key",
                            key,
                            "code",
                            code,
                            "windowsVirtualKeyCode",
                            keyCode,
                            "modifiers",
                            modifiers));
        }
    }

    public String text(String selector) {
        return eval("document.querySelector(" + quote(selector) + ").innerText").asText();
    }

    /** The browser's cookies for the page's URL, by name. */
    public Map<String, JsonNode> cookies() {
        Map<String, JsonNode> byName = new ConcurrentHashMap<>();
        send("Network.getCookies", Map.of())
                .path("cookies")
                .forEach(c -> byName.put(c.get("name").asText(), c));
        return byName;
    }

    /** A screen the size of a laptop's, or of a phone's. */
    public void viewport(int width, int height, boolean mobile) {
        send(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
    }

    /** A PNG of the whole page (not only the visible part). */
    public Path screenshot(String name) throws IOException {
        JsonNode shot = send("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Path file = dir.resolve(name + ".png");
        Files.write(file, Base64.getDecoder().decode(shot.get("data").asText()));
        return file;
    }

    private static String quote(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        socket.abort();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: the OS cleans it up eventually
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String message = partial.toString();
                partial.setLength(0);
                try {
                    JsonNode node = json.readTree(message);
                    if (node.has("id")) {
                        CompletableFuture<JsonNode> answer =
                                pending.get(node.get("id").asInt());
                        if (answer != null) {
                            answer.complete(node);
                        }
                    }
                } catch (IOException e) {
                    // not a protocol message: ignore
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}

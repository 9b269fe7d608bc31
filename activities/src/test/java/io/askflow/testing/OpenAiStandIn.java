package io.askflow.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for an OpenAI-compatible server: {@code POST /v1/chat/completions} with the real
 * response and error shapes. Scripted replies (status codes, delays) are consumed in order; when none is
 * left it answers normally. Used with the real {@code openai-java} client.
 */
public final class OpenAiStandIn implements AutoCloseable {

    public static final String MODEL = "gpt-4o-mini-2024-07-18";

    private final HttpServer server;
    private final Queue<Reply> script = new ConcurrentLinkedQueue<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final List<String> requestBodies = new CopyOnWriteArrayList<>();
    private volatile Duration defaultDelay = Duration.ZERO;

    /** One scripted reply. */
    public record Reply(int status, String body, Duration delay) {}

    private final String model;

    public OpenAiStandIn() throws IOException {
        this(MODEL);
    }

    /** A stand-in that reports {@code model} as the model that answered. */
    public OpenAiStandIn(String model) throws IOException {
        this.model = model;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/chat/completions", this::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    /** The base URL to give the client, e.g. {@code http://127.0.0.1:1234/v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    public int calls() {
        return calls.get();
    }

    public List<String> requestBodies() {
        return requestBodies;
    }

    public void reset() {
        script.clear();
        calls.set(0);
        requestBodies.clear();
        defaultDelay = Duration.ZERO;
    }

    public void defaultDelay(Duration delay) {
        this.defaultDelay = delay;
    }

    public void enqueue(Reply reply) {
        script.add(reply);
    }

    public void failWith(int status, String type, String code, int times) {
        for (int i = 0; i < times; i++) {
            enqueue(new Reply(status, errorBody("injected " + status, type, code), Duration.ZERO));
        }
    }

    public void delayNext(Duration delay) {
        enqueue(new Reply(200, null, delay));
    }

    public static String errorBody(String message, String type, String code) {
        return """
                {"error":{"message":"%s","type":%s,"param":null,"code":%s}}""".formatted(message, quoteOrNull(type), quoteOrNull(code));
    }

    private static String quoteOrNull(String value) {
        return value == null ? "null" : "\"" + value + "\"";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            calls.incrementAndGet();
            requestBodies.add(request);
            Reply reply = script.poll();
            Duration delay = reply == null ? defaultDelay : reply.delay();
            if (!delay.isZero()) {
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            int status = reply == null ? 200 : reply.status();
            String body = reply == null || reply.body() == null ? completion(request) : reply.body();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            } catch (IOException e) {
                // the client gave up waiting (a timeout test); nothing to do
            }
        }
    }

    private String completion(String request) {
        int n = calls.get();
        return """
                {"id":"chatcmpl-%d","object":"chat.completion","created":1763900000,"model":"%s",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"Answer number %d from the stand-in.",
                 "refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":12,"completion_tokens":8,"total_tokens":20,
                 "prompt_tokens_details":{"cached_tokens":4,"audio_tokens":0},
                 "completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,
                 "accepted_prediction_tokens":0,"rejected_prediction_tokens":0}},
                 "service_tier":"default","system_fingerprint":"fp_standin"}""".formatted(n, model, n);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

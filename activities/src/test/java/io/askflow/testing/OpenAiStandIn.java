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
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for an OpenAI-compatible server: {@code POST /v1/chat/completions} with the real
 * response and error shapes, streamed as OpenAI streams when the request asks for it ({@code "stream": true}:
 * Server-Sent Events of {@code chat.completion.chunk}s, a word at a time, then a chunk with the finish
 * reason, then, with {@code stream_options.include_usage}, a last chunk carrying the usage, then
 * {@code [DONE]}). Scripted replies (status codes, delays, headers, a stream cut off half-way) are consumed
 * in order; when none is left it answers normally. Used with the real {@code openai-java} client.
 */
public final class OpenAiStandIn implements AutoCloseable {

    public static final String MODEL = "gpt-4o-mini-2024-07-18";

    private final HttpServer server;
    private final Queue<Reply> script = new ConcurrentLinkedQueue<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final List<String> requestBodies = new CopyOnWriteArrayList<>();
    private volatile Duration defaultDelay = Duration.ZERO;
    private volatile Duration chunkDelay = Duration.ZERO;

    /**
     * One scripted reply.
     *
     * @param status the HTTP status
     * @param body the body of an error, or null for the normal answer
     * @param delay how long before the status line
     * @param headers extra response headers (e.g. Retry-After)
     * @param cutAfterChunks for a streamed answer: end the stream after this many word chunks, with neither a
     *     finish reason nor usage nor [DONE], as a dropped connection looks to the client; -1 for a whole answer
     */
    public record Reply(int status, String body, Duration delay, Map<String, String> headers, int cutAfterChunks) {

        public Reply(int status, String body, Duration delay) {
            this(status, body, delay, Map.of(), -1);
        }
    }

    /** The prompt and completion tokens the stand-in reports for every answer, and the cached part. */
    public static final long PROMPT_TOKENS = 12;

    public static final long COMPLETION_TOKENS = 8;
    public static final long CACHED_TOKENS = 4;

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
        chunkDelay = Duration.ZERO;
    }

    /** How long a streamed answer waits before each word after the first. */
    public void chunkDelay(Duration delay) {
        this.chunkDelay = delay;
    }

    /** The next answer is streamed up to {@code chunks} words and then cut off. */
    public void cutNextStreamAfter(int chunks) {
        enqueue(new Reply(200, null, Duration.ZERO, Map.of(), chunks));
    }

    /** The next call answers 429 with {@code Retry-After: seconds}. */
    public void rateLimitNext(long retryAfterSeconds) {
        enqueue(new Reply(
                429,
                errorBody("injected 429", "requests", "rate_limit_exceeded"),
                Duration.ZERO,
                Map.of("Retry-After", Long.toString(retryAfterSeconds)),
                -1));
    }

    /** The answer the n-th call gets. */
    public static String answer(int n) {
        return "Answer number " + n + " from the stand-in.";
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
            if (reply != null) {
                reply.headers().forEach(exchange.getResponseHeaders()::set);
            }
            if (status == 200 && (reply == null || reply.body() == null) && request.contains("\"stream\":true")) {
                stream(exchange, request, reply == null ? -1 : reply.cutAfterChunks());
                return;
            }
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

    private void stream(HttpExchange exchange, String request, int cutAfterChunks) throws IOException {
        int n = calls.get();
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            String id = "chatcmpl-" + n;
            send(out, chunk(id, "{\"role\":\"assistant\",\"content\":\"\"}", null));
            String[] words = answer(n).split("(?= )");
            for (int i = 0; i < words.length; i++) {
                if (i == cutAfterChunks) {
                    return; // the connection ends here: no finish reason, no usage, no [DONE]
                }
                if (i > 0 && !chunkDelay.isZero()) {
                    Thread.sleep(chunkDelay);
                }
                send(out, chunk(id, "{\"content\":\"" + words[i] + "\"}", null));
            }
            send(out, chunk(id, "{}", "\"stop\""));
            if (request.contains("\"include_usage\":true")) {
                send(
                        out,
                        "{\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":1763900000,"
                                + "\"model\":\"" + model + "\",\"service_tier\":\"default\","
                                + "\"system_fingerprint\":\"fp_standin\",\"choices\":[],\"usage\":" + usageJson()
                                + "}");
            }
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            // the client went away (a cancelled question, a timeout test); nothing to do
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String chunk(String id, String delta, String finishReason) {
        return "{\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":1763900000,"
                + "\"model\":\"" + model + "\",\"service_tier\":\"default\",\"system_fingerprint\":\"fp_standin\","
                + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":"
                + (finishReason == null ? "null" : finishReason) + "}]}";
    }

    private static void send(OutputStream out, String json) throws IOException {
        out.write(("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String usageJson() {
        return "{\"prompt_tokens\":" + PROMPT_TOKENS + ",\"completion_tokens\":" + COMPLETION_TOKENS
                + ",\"total_tokens\":" + (PROMPT_TOKENS + COMPLETION_TOKENS)
                + ",\"prompt_tokens_details\":{\"cached_tokens\":" + CACHED_TOKENS + ",\"audio_tokens\":0},"
                + "\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,"
                + "\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}}";
    }

    private String completion(String request) {
        int n = calls.get();
        return """
                {"id":"chatcmpl-%d","object":"chat.completion","created":1763900000,"model":"%s",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"%s",
                 "refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}],
                 "usage":%s,
                 "service_tier":"default","system_fingerprint":"fp_standin"}""".formatted(n, model, answer(n), usageJson());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

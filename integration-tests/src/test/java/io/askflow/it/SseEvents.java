package io.askflow.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Server-Sent Events client for tests, over the JDK's HTTP client: it reads the response line by line as it
 * arrives and hands out whole events, each with the time it arrived, so a test can tell what came before what.
 */
public final class SseEvents implements AutoCloseable {

    /** One event as received: its id, name, data and arrival time ({@link System#nanoTime()}). */
    public record Event(long id, String name, String data, long arrivedNanos) {

        public JsonNode json() {
            try {
                return new ObjectMapper().readTree(data);
            } catch (IOException e) {
                throw new UncheckedIOException("event data is not JSON: " + data, e);
            }
        }
    }

    private static final Event END = new Event(-1, "", "", 0);

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final HttpResponse<Stream<String>> response;
    private final CompletableFuture<Void> reader;

    private SseEvents(HttpResponse<Stream<String>> response) {
        this.response = response;
        this.reader = CompletableFuture.runAsync(this::read);
    }

    /** Sends the request and starts reading its events; the response is not awaited beyond its headers. */
    public static SseEvents open(HttpClient http, HttpRequest request) {
        try {
            return new SseEvents(http.send(request, HttpResponse.BodyHandlers.ofLines()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int status() {
        return response.statusCode();
    }

    public String contentType() {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    /** The next event, or null when the stream ended or none came within {@code timeout}. */
    public Event next(Duration timeout) throws InterruptedException {
        Event event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (event == END) {
            events.add(END);
            return null;
        }
        return event;
    }

    /** Every event up to and including the first one named {@code name}; fails when it does not come in time. */
    public List<Event> until(String name, Duration timeout) throws InterruptedException {
        List<Event> received = new ArrayList<>();
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            Event event = next(Duration.ofNanos(Math.max(1, end - System.nanoTime())));
            if (event == null) {
                break;
            }
            received.add(event);
            if (event.name().equals(name)) {
                return received;
            }
        }
        throw new AssertionError("no '" + name + "' event within " + timeout + "; received " + received);
    }

    /** True when the server ended the stream within {@code timeout}, with no more events. */
    public boolean ended(Duration timeout) throws InterruptedException {
        Event event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (event == END) {
            events.add(END);
            return true;
        }
        if (event != null) {
            throw new AssertionError("an event after the end: " + event);
        }
        return false;
    }

    private void read() {
        long id = -1;
        String name = "message";
        StringBuilder data = new StringBuilder();
        try (Stream<String> lines = response.body()) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        events.add(new Event(id, name, data.toString(), System.nanoTime()));
                    }
                    name = "message";
                    data.setLength(0);
                } else if (line.startsWith("id:")) {
                    id = Long.parseLong(line.substring(3).trim());
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    if (!data.isEmpty()) {
                        data.append('\n');
                    }
                    data.append(line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5));
                }
            }
        } catch (RuntimeException e) {
            // the connection was closed by close() or the server went away: the stream ends
        } finally {
            events.add(END);
        }
    }

    @Override
    public void close() {
        reader.cancel(true);
        try {
            response.body().close();
        } catch (RuntimeException e) {
            // already closed
        }
    }
}

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The images' HEALTHCHECK: exits 0 when the URL answers 2xx within 3 s, else 1. Written in Java so that the
 * runtime image needs nothing but the JRE (no curl or wget, no package manager run in it).
 */
final class HealthCheck {

    private HealthCheck() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 1) {
            System.err.println("usage: java HealthCheck <url>");
            System.exit(2);
        }
        Duration timeout = Duration.ofSeconds(3);
        try (HttpClient client =
                HttpClient.newBuilder().connectTimeout(timeout).build()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(args[0]))
                    .timeout(timeout)
                    .GET()
                    .build();
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status / 100 != 2) {
                System.err.println(args[0] + " answered " + status);
                System.exit(1);
            }
        } catch (java.io.IOException e) {
            System.err.println(args[0] + ": " + e);
            System.exit(1);
        }
    }
}

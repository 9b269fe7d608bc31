package io.askflow.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local stand-in for GitHub's OAuth web flow and REST API, with GitHub's paths and response shapes:
 * {@code GET /login/oauth/authorize} redirects back with a code, {@code POST /login/oauth/access_token}
 * answers errors with HTTP 200 and an {@code error} field (as GitHub does), codes work once and only with
 * the PKCE verifier of their challenge, and {@code GET /user} returns the signed-in user.
 */
final class GithubStandIn implements AutoCloseable {

    static final String CLIENT_ID = "Iv1.standin-client";
    static final String CLIENT_SECRET = "standin-client-secret";

    private record Grant(long userId, String login, String challenge, String redirectUri) {}

    private final HttpServer server;
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final Map<String, Grant> accessTokens = new ConcurrentHashMap<>();
    final List<Map<String, String>> tokenRequests = new CopyOnWriteArrayList<>();
    private volatile long userId = 1;
    private volatile String login = "octocat";

    GithubStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/login/oauth/authorize", this::authorize);
        server.createContext("/login/oauth/access_token", this::accessToken);
        server.createContext("/user", this::user);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Who signs in at GitHub next (a rename keeps the id and changes the login). */
    void signInAs(long id, String name) {
        this.userId = id;
        this.login = name;
    }

    private void authorize(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> query = parse(exchange.getRequestURI().getRawQuery());
            if (!CLIENT_ID.equals(query.get("client_id")) || query.get("redirect_uri") == null) {
                send(exchange, 400, "text/plain", "bad authorize request");
                return;
            }
            String code = UUID.randomUUID().toString().replace("-", "").substring(0, 20);
            String challenge = "S256".equals(query.get("code_challenge_method")) ? query.get("code_challenge") : null;
            codes.put(code, new Grant(userId, login, challenge, query.get("redirect_uri")));
            String location = query.get("redirect_uri") + "?code=" + code + "&state="
                    + URLEncoder.encode(query.getOrDefault("state", ""), StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Location", location);
            exchange.sendResponseHeaders(302, -1);
        }
    }

    private void accessToken(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> form =
                    parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            tokenRequests.add(form);
            if (!clientAuthenticated(exchange, form)) {
                send(
                        exchange,
                        200,
                        "application/json",
                        error(
                                "incorrect_client_credentials",
                                "The client_id and/or client_secret passed are incorrect."));
                return;
            }
            // A code works once, whatever happens next.
            Grant grant = codes.remove(form.getOrDefault("code", ""));
            if (grant == null || !grant.redirectUri().equals(form.get("redirect_uri"))) {
                send(
                        exchange,
                        200,
                        "application/json",
                        error("bad_verification_code", "The code passed is incorrect or expired."));
                return;
            }
            String verifier = form.get("code_verifier");
            if (grant.challenge() != null
                    && (verifier == null || !s256(verifier).equals(grant.challenge()))) {
                send(
                        exchange,
                        200,
                        "application/json",
                        error("bad_verification_code", "The code_verifier does not match the code_challenge."));
                return;
            }
            String token = "gho_" + UUID.randomUUID().toString().replace("-", "");
            accessTokens.put(token, grant);
            send(
                    exchange,
                    200,
                    "application/json",
                    "{\"access_token\":\"" + token + "\",\"token_type\":\"bearer\",\"scope\":\"read:user\"}");
        }
    }

    private void user(HttpExchange exchange) throws IOException {
        try (exchange) {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            Grant grant = authorization == null
                    ? null
                    : accessTokens.get(authorization.replaceFirst("(?i)^(bearer|token) ", ""));
            if (grant == null) {
                send(
                        exchange,
                        401,
                        "application/json",
                        "{\"message\":\"Bad credentials\",\"documentation_url\":\"https://docs.github.com/rest\"}");
                return;
            }
            send(exchange, 200, "application/json", """
                    {"login":"%s","id":%d,"node_id":"MDQ6VXNlcjE=","type":"User","site_admin":false,"name":null}""".formatted(grant.login(), grant.userId()));
        }
    }

    private static boolean clientAuthenticated(HttpExchange exchange, Map<String, String> form) {
        String basic = exchange.getRequestHeaders().getFirst("Authorization");
        if (basic != null && basic.startsWith("Basic ")) {
            String decoded = new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8);
            String[] parts = decoded.split(":", 2);
            return parts.length == 2
                    && CLIENT_ID.equals(URLDecoder.decode(parts[0], StandardCharsets.UTF_8))
                    && CLIENT_SECRET.equals(URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
        }
        return CLIENT_ID.equals(form.get("client_id")) && CLIENT_SECRET.equals(form.get("client_secret"));
    }

    private static String error(String code, String description) {
        return "{\"error\":\"" + code + "\",\"error_description\":\"" + description
                + "\",\"error_uri\":\"https://docs.github.com/apps/troubleshooting\"}";
    }

    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> parse(String encoded) {
        Map<String, String> values = new HashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return values;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            values.put(key, value);
        }
        return values;
    }

    static Map<String, String> query(URI uri) {
        return parse(uri.getRawQuery());
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

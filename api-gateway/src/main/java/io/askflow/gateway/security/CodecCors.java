package io.askflow.gateway.security;

import java.net.URI;
import java.util.List;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Cross-origin access to the codec endpoint ({@code /codec/*}): the Temporal UI decodes payloads from the admin's
 * browser, so its origin, and only its, may call it, with the admin's web-app session cookie (the UI's "Include
 * cross-origin credentials") or a bearer token. Credentials are allowed for that one exact origin, never for a
 * pattern: it is what lets that origin, and no other, read what the admin's cookie unlocks (SecurityConfig).
 */
final class CodecCors {

    static final String PATHS = "/codec/**";

    private CodecCors() {}

    /** Registers the codec's CORS rule for the origin of TEMPORAL_UI_URL; nothing when it is not configured. */
    static void register(UrlBasedCorsConfigurationSource source, String temporalUiUrl) {
        if (temporalUiUrl == null || temporalUiUrl.isBlank()) {
            return;
        }
        CorsConfiguration config = new CorsConfiguration();
        config.setAllowedOrigins(List.of(origin(temporalUiUrl)));
        config.setAllowedMethods(List.of("POST"));
        // what the Temporal UI sends (Content-Type, X-Namespace), and a token for whoever passes one
        config.setAllowedHeaders(List.of("Authorization", "Content-Type", "X-Namespace"));
        config.setAllowCredentials(true);
        config.setMaxAge(600L);
        source.registerCorsConfiguration(PATHS, config);
    }

    /** scheme://host[:port] of a URL: what a browser sends as Origin. */
    static String origin(String url) {
        URI uri = URI.create(url.strip());
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalStateException(
                    "TEMPORAL_UI_URL must be an absolute URL, e.g. https://temporal.example.com");
        }
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }
}

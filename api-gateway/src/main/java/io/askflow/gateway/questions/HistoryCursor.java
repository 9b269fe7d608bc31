package io.askflow.gateway.questions;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** An opaque position in a user's history: the (created_at, id) of the last question on a page. */
record HistoryCursor(long createdAt, String id) {

    String encode() {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((createdAt + ":" + id).getBytes(StandardCharsets.UTF_8));
    }

    static Optional<HistoryCursor> decode(String value) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon <= 0 || colon == decoded.length() - 1) {
                return Optional.empty();
            }
            return Optional.of(
                    new HistoryCursor(Long.parseLong(decoded.substring(0, colon)), decoded.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}

package io.askflow.activities.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * An exact-match answer cache in the database, shared by every worker: the key is the model and the
 * question after normalisation (trimmed, whitespace collapsed, lower case).
 */
public class AnswerCache {

    private final Jdbi jdbi;
    private final Duration ttl;

    public AnswerCache(Jdbi jdbi, Duration ttl) {
        this.jdbi = jdbi;
        this.ttl = ttl;
    }

    /** A stored answer and the model that produced it. */
    public record Hit(String answer, String model) {}

    public Optional<Hit> find(String model, String question, long now) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT answer, model FROM answer_cache WHERE cache_key = :key AND expires_at > :now")
                .bind("key", key(model, question))
                .bind("now", now)
                .map((rs, ctx) -> new Hit(rs.getString("answer"), rs.getString("model")))
                .findOne());
    }

    public void put(String model, String question, String answer, String answeredBy, long now) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO answer_cache (cache_key, answer, model, created_at, expires_at)
                        VALUES (:key, :answer, :model, :now, :expires)
                        ON CONFLICT (cache_key) DO UPDATE
                           SET answer = excluded.answer, model = excluded.model,
                               created_at = excluded.created_at, expires_at = excluded.expires_at
                        """)
                .bind("key", key(model, question))
                .bind("answer", answer)
                .bind("model", answeredBy)
                .bind("now", now)
                .bind("expires", now + ttl.toMillis())
                .execute());
    }

    static String normalise(String question) {
        return question.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    static String key(String model, String question) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((model + "\n" + normalise(question)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

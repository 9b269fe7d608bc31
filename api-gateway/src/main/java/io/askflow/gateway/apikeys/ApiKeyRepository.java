package io.askflow.gateway.apikeys;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.springframework.stereotype.Repository;

/** API keys by owner, and the per-request lookup by hash. Times are epoch milliseconds. */
@Repository
public class ApiKeyRepository {

    private final Jdbi jdbi;

    ApiKeyRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** A key that is not revoked, with its owner's current login. */
    public record ActiveKey(String id, long userId, String login, Long lastUsedAt) {}

    record KeyRow(String id, String name, String keyHint, long createdAt, Long lastUsedAt) {}

    void create(String id, long userId, String name, String keyHash, String keyHint, long now) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO api_keys (id, user_id, name, key_hash, key_hint, created_at)
                        VALUES (:id, :userId, :name, :hash, :hint, :now)
                        """)
                .bind("id", id)
                .bind("userId", userId)
                .bind("name", name)
                .bind("hash", keyHash)
                .bind("hint", keyHint)
                .bind("now", now)
                .execute());
    }

    int countActive(long userId) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT COUNT(*) FROM api_keys WHERE user_id = :userId AND revoked_at IS NULL")
                .bind("userId", userId)
                .mapTo(Integer.class)
                .one());
    }

    List<KeyRow> list(long userId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT id, name, key_hint, created_at, last_used_at FROM api_keys
                        WHERE user_id = :userId AND revoked_at IS NULL
                        ORDER BY created_at DESC, id
                        """)
                .bind("userId", userId)
                .map((rs, ctx) -> new KeyRow(
                        rs.getString("id"),
                        rs.getString("name"),
                        rs.getString("key_hint"),
                        rs.getLong("created_at"),
                        rs.getObject("last_used_at") == null ? null : rs.getLong("last_used_at")))
                .list());
    }

    /** True when the caller's own active key was revoked by this call. */
    boolean revoke(long userId, String id, long now) {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                                UPDATE api_keys SET revoked_at = :now
                                WHERE id = :id AND user_id = :userId AND revoked_at IS NULL
                                """)
                        .bind("id", id)
                        .bind("userId", userId)
                        .bind("now", now)
                        .execute())
                == 1;
    }

    public Optional<ActiveKey> findActive(String keyHash) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT k.id, k.user_id, u.login, k.last_used_at
                        FROM api_keys k JOIN users u ON u.id = k.user_id
                        WHERE k.key_hash = :hash AND k.revoked_at IS NULL
                        """)
                .bind("hash", keyHash)
                .map((rs, ctx) -> new ActiveKey(
                        rs.getString("id"),
                        rs.getLong("user_id"),
                        rs.getString("login"),
                        rs.getObject("last_used_at") == null ? null : rs.getLong("last_used_at")))
                .findOne());
    }

    /** Records a use, unless one was recorded since {@code notBefore}: at most one write per key per interval. */
    public void touch(String id, long now, long notBefore) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        UPDATE api_keys SET last_used_at = :now
                        WHERE id = :id AND (last_used_at IS NULL OR last_used_at < :notBefore)
                        """)
                .bind("id", id)
                .bind("now", now)
                .bind("notBefore", notBefore)
                .execute());
    }
}

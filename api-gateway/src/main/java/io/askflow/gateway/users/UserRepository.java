package io.askflow.gateway.users;

import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.springframework.stereotype.Repository;

/** Users keyed on GitHub's numeric id; a rename updates the login and keeps everything else. */
@Repository
public class UserRepository {

    private final Jdbi jdbi;

    UserRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public void upsert(long id, String login, long now) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO users (id, login, created_at, updated_at) VALUES (:id, :login, :now, :now)
                        ON CONFLICT (id) DO UPDATE SET login = excluded.login, updated_at = excluded.updated_at
                        """)
                .bind("id", id)
                .bind("login", login)
                .bind("now", now)
                .execute());
    }

    public Optional<String> login(long id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT login FROM users WHERE id = :id")
                .bind("id", id)
                .mapTo(String.class)
                .findOne());
    }
}

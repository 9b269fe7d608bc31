package io.askflow.testing;

import org.jdbi.v3.core.Jdbi;

/** Rows the steps expect to find: a user and a question the gateway accepted. */
public final class TestRows {

    private TestRows() {}

    public static void insertQuestion(Jdbi jdbi, String id, long userId) {
        jdbi.useHandle(handle -> {
            handle.execute(
                    "INSERT INTO users (id, login, created_at, updated_at) VALUES (?, ?, 0, 0) "
                            + "ON CONFLICT (id) DO NOTHING",
                    userId,
                    "user" + userId);
            handle.execute(
                    "INSERT INTO questions (id, user_id, request_id, question, status, created_at) "
                            + "VALUES (?, ?, 'req', 'What?', 'queued', 0)",
                    id,
                    userId);
        });
    }
}

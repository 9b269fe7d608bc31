package io.askflow.testing;

import com.zaxxer.hikari.HikariDataSource;
import io.askflow.db.Databases;
import java.nio.file.Path;
import org.jdbi.v3.core.Jdbi;

/** A real, migrated SQLite database in a temporary directory; shared with other modules through the test-jar. */
public final class SqliteDatabase implements AutoCloseable {

    public final HikariDataSource dataSource;
    public final Jdbi jdbi;

    public SqliteDatabase(Path directory) {
        dataSource = Databases.migrated("jdbc:sqlite:" + directory.resolve("askflow.db"));
        jdbi = Jdbi.create(dataSource);
    }

    public void insertQuestion(String id, long userId) {
        jdbi.useHandle(handle -> {
            handle.execute(
                    "INSERT INTO users (id, login, created_at, updated_at) VALUES (?, ?, 0, 0) ON CONFLICT (id) DO NOTHING",
                    userId,
                    "user" + userId);
            handle.execute(
                    "INSERT INTO questions (id, user_id, request_id, question, status, created_at) "
                            + "VALUES (?, ?, 'req', 'What?', 'queued', 0)",
                    id,
                    userId);
        });
    }

    @Override
    public void close() {
        dataSource.close();
    }
}

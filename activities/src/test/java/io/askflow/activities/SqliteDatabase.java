package io.askflow.activities;

import com.zaxxer.hikari.HikariDataSource;
import io.askflow.db.Databases;
import java.nio.file.Path;
import org.jdbi.v3.core.Jdbi;

/** A real, migrated SQLite database in a temporary directory. */
final class SqliteDatabase implements AutoCloseable {

    final HikariDataSource dataSource;
    final Jdbi jdbi;

    SqliteDatabase(Path directory) {
        dataSource = Databases.migrated("jdbc:sqlite:" + directory.resolve("askflow.db"));
        jdbi = Databases.jdbi(dataSource);
    }

    void insertQuestion(String id, long userId) {
        TestRows.insertQuestion(jdbi, id, userId);
    }

    @Override
    public void close() {
        dataSource.close();
    }
}

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
        jdbi = Databases.jdbi(dataSource);
    }

    public void insertQuestion(String id, long userId) {
        TestRows.insertQuestion(jdbi, id, userId);
    }

    @Override
    public void close() {
        dataSource.close();
    }
}

package io.askflow.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * Is the database usable? A query through the pool, and for SQLite also a fresh connection that may not
 * create the file: pooled connections keep working on a file that was moved, deleted or made unreadable,
 * so only a new connection notices.
 */
class DatabaseHealthIndicator extends AbstractHealthIndicator {

    private final DataSource dataSource;
    private final Optional<Path> sqliteFile;

    DatabaseHealthIndicator(DataSource dataSource, String jdbcUrl) {
        super("database check failed");
        this.dataSource = dataSource;
        this.sqliteFile = SqliteUrls.isSqlite(jdbcUrl) ? SqliteUrls.databaseFile(jdbcUrl) : Optional.empty();
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            builder.withDetail("migrations", appliedMigrations(connection));
        }
        if (sqliteFile.isPresent()) {
            SQLiteConfig config = new SQLiteConfig();
            config.resetOpenMode(SQLiteOpenMode.CREATE);
            try (Connection fresh = config.createConnection("jdbc:sqlite:" + sqliteFile.get())) {
                appliedMigrations(fresh);
            }
            builder.withDetail("file", sqliteFile.get().toString());
        }
        builder.up();
    }

    private static long appliedMigrations(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs =
                        statement.executeQuery("SELECT COUNT(*) FROM flyway_schema_history WHERE success = TRUE")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

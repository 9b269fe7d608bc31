package io.askflow.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The database a test stack runs on: a SQLite file, or, in the suite's PostgreSQL run (system property
 * {@code askflow.test.database=postgres}, set by the {@code postgres} execution in this module's POM), a
 * database of its own on the PostgreSQL that ./test.sh starts ({@code ASKFLOW_TEST_POSTGRES_URL}). Either way
 * the gateway and worker apply the same migrations to it at start-up.
 *
 * @param url the JDBC URL for the gateway, the worker and the tests
 * @param sqliteFile the SQLite file, or {@code null} on PostgreSQL
 */
public record TestDatabase(String url, Path sqliteFile) {

    static final String KIND = "askflow.test.database";

    /** True in the PostgreSQL run of the suite. */
    public static boolean isPostgres() {
        return "postgres".equals(System.getProperty(KIND, "sqlite"));
    }

    /** A new, empty database; on SQLite a file in {@code dir}. */
    public static TestDatabase fresh(Path dir) {
        if (!isPostgres()) {
            Path file = dir.resolve("askflow.db");
            return new TestDatabase("jdbc:sqlite:" + file, file);
        }
        String admin = System.getenv("ASKFLOW_TEST_POSTGRES_URL");
        if (admin == null || admin.isBlank()) {
            throw new IllegalStateException(KIND + "=postgres needs ASKFLOW_TEST_POSTGRES_URL; run ./test.sh");
        }
        // a database per stack: stacks and test classes never see each other's rows, as with SQLite files
        String name = "askflow_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = DriverManager.getConnection(admin);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database on " + admin, e);
        }
        return new TestDatabase(admin.replace("/postgres?", "/" + name + "?"), null);
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url);
    }

    /**
     * Loses everything, as a broken disk or a mistaken {@code DROP} would: the SQLite file (with its WAL) is
     * deleted, the PostgreSQL database dropped and created again empty. Stop the processes that use it first.
     */
    public void wipe() throws IOException, SQLException {
        if (sqliteFile != null) {
            for (String suffix : new String[] {"", "-wal", "-shm"}) {
                Files.deleteIfExists(sqliteFile.resolveSibling(sqliteFile.getFileName() + suffix));
            }
            return;
        }
        String name = url.substring(url.lastIndexOf('/') + 1, url.indexOf('?'));
        try (Connection connection = DriverManager.getConnection(System.getenv("ASKFLOW_TEST_POSTGRES_URL"));
                Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE " + name + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + name);
        }
    }

    /** The number of AskFlow's tables in the database; 0 once wiped. */
    public int tableCount() throws SQLException {
        if (sqliteFile != null && !Files.exists(sqliteFile)) {
            return 0;
        }
        try (Connection connection = connect();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(
                        sqliteFile != null
                                ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'questions'"
                                : "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'questions'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}

package io.askflow.db;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/** How AskFlow opens its database, shared by the applications and by tests that use a real database. */
public final class Databases {

    private Databases() {}

    /** A pool for the given JDBC URL, tuned like production, with the migrations applied. */
    public static HikariDataSource migrated(String jdbcUrl) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(jdbcUrl);
        configure(dataSource);
        Flyway.configure()
                .dataSource(dataSource)
                .locations(migrationLocations(jdbcUrl))
                .load()
                .migrate();
        return dataSource;
    }

    /**
     * Where the migrations of a database are: {@code db/migration} for every database, and
     * {@code db/vendor/sqlite} or {@code db/vendor/postgresql} for what only one of them can say (a CHECK
     * constraint changed, say). The applications name the same folders through Spring Boot's {@code {vendor}}.
     */
    static String[] migrationLocations(String jdbcUrl) {
        String vendor = SqliteUrls.isSqlite(jdbcUrl) ? "sqlite" : "postgresql";
        return new String[] {"classpath:db/migration", "classpath:db/vendor/" + vendor};
    }

    /** Jdbi on the given pool, with AskFlow's {@link SchemaConventions}. */
    public static Jdbi jdbi(DataSource dataSource) {
        return Jdbi.create(dataSource).installPlugin(new SchemaConventions());
    }

    static HikariDataSource configure(HikariDataSource dataSource) {
        dataSource.setPoolName("askflow-db");
        String url = dataSource.getJdbcUrl();
        if (SqliteUrls.isSqlite(url)) {
            SqliteUrls.databaseFile(url).ifPresent(Databases::createParentDirectory);
            // WAL lets readers run beside the one writer; the busy timeout makes a writer wait for the
            // lock instead of failing at once; IMMEDIATE takes the write lock when a transaction begins,
            // so two transactions can never both read and then deadlock on upgrading to a write.
            dataSource.addDataSourceProperty("journal_mode", "WAL");
            dataSource.addDataSourceProperty("synchronous", "NORMAL");
            dataSource.addDataSourceProperty("busy_timeout", "10000");
            dataSource.addDataSourceProperty("foreign_keys", "true");
            dataSource.addDataSourceProperty("transaction_mode", "IMMEDIATE");
            dataSource.setMaximumPoolSize(8);
        }
        return dataSource;
    }

    private static void createParentDirectory(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the database directory " + parent, e);
        }
    }
}

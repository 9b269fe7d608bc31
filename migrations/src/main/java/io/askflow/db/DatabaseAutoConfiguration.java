package io.askflow.db;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The database wiring shared by gateway and worker: one pool, SQLite tuned for several processes writing
 * the same file, and a {@link Jdbi} on top. Flyway (Spring Boot's auto-configuration) applies the
 * migrations of this module at start-up.
 */
@AutoConfiguration(before = DataSourceAutoConfiguration.class)
@EnableConfigurationProperties(DataSourceProperties.class)
public class DatabaseAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    DataSource dataSource(DataSourceProperties properties) {
        HikariDataSource dataSource =
                properties.initializeDataSourceBuilder().type(HikariDataSource.class).build();
        dataSource.setPoolName("askflow-db");
        String url = dataSource.getJdbcUrl();
        if (SqliteUrls.isSqlite(url)) {
            SqliteUrls.databaseFile(url).ifPresent(DatabaseAutoConfiguration::createParentDirectory);
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

    @Bean
    @ConditionalOnMissingBean
    Jdbi jdbi(DataSource dataSource) {
        return Jdbi.create(dataSource);
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

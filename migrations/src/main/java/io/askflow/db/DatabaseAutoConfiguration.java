package io.askflow.db;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
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
        HikariDataSource dataSource = properties
                .initializeDataSourceBuilder()
                .type(HikariDataSource.class)
                .build();
        return Databases.configure(dataSource);
    }

    @Bean
    @ConditionalOnMissingBean
    Jdbi jdbi(DataSource dataSource) {
        return Jdbi.create(dataSource);
    }
}

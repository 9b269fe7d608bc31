package io.askflow.db;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The database wiring shared by gateway and worker: one pool, SQLite tuned for several processes writing
 * the same file, a {@link Jdbi} on top, and the database's health. Flyway (Spring Boot's
 * auto-configuration) applies the migrations of this module at start-up.
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
        return Databases.jdbi(dataSource);
    }

    /** In the readiness group of both applications: a process that cannot use its database takes no traffic. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static class Health {

        @Bean
        @ConditionalOnEnabledHealthIndicator("database")
        HealthIndicator databaseHealthIndicator(DataSource dataSource, DataSourceProperties properties) {
            return new DatabaseHealthIndicator(dataSource, properties.determineUrl());
        }
    }
}

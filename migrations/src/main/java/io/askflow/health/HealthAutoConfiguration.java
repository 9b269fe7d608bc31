package io.askflow.health;

import io.temporal.serviceclient.WorkflowServiceStubs;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Health of what both applications depend on; the readiness group (see each application's yml) includes
 * both, so a process that cannot reach its database or Temporal stops receiving traffic.
 */
@AutoConfiguration(afterName = "io.temporal.spring.boot.autoconfigure.ServiceStubsAutoConfiguration")
@ConditionalOnClass(HealthIndicator.class)
public class HealthAutoConfiguration {

    @Bean
    @ConditionalOnBean(DataSource.class)
    @ConditionalOnEnabledHealthIndicator("database")
    HealthIndicator databaseHealthIndicator(DataSource dataSource, DataSourceProperties properties) {
        return new DatabaseHealthIndicator(dataSource, properties.determineUrl());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(WorkflowServiceStubs.class)
    static class Temporal {

        @Bean
        @ConditionalOnBean(WorkflowServiceStubs.class)
        @ConditionalOnEnabledHealthIndicator("temporal")
        HealthIndicator temporalHealthIndicator(WorkflowServiceStubs stubs) {
            return new TemporalHealthIndicator(stubs);
        }
    }
}

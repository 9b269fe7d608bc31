package io.askflow.runtime;

import io.askflow.workflows.RequestContext;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.spring.boot.TemporalOptionsCustomizer;
import java.time.Clock;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** What gateway and worker share at run time, written once. */
@AutoConfiguration(afterName = "io.temporal.spring.boot.autoconfigure.ServiceStubsAutoConfiguration")
public class RuntimeAutoConfiguration {

    @Bean
    AppEnvironment appEnvironment(Environment environment) {
        return AppEnvironment.of(environment);
    }

    /** Real time; tests that need another clock declare their own. */
    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** The request id and user id of an HTTP request travel with its workflow into every step. */
    @Bean
    TemporalOptionsCustomizer<WorkflowClientOptions.Builder> requestContextPropagation() {
        return builder -> builder.setContextPropagators(List.of(new RequestContext()));
    }

    /** In the readiness group of both applications: a process that cannot reach Temporal takes no traffic. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static class Health {

        @Bean
        @ConditionalOnBean(WorkflowServiceStubs.class)
        @ConditionalOnEnabledHealthIndicator("temporal")
        HealthIndicator temporalHealthIndicator(WorkflowServiceStubs stubs) {
            return new TemporalHealthIndicator(stubs);
        }
    }
}

package io.askflow.gateway;

import io.askflow.workflows.RequestContext;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.spring.boot.TemporalOptionsCustomizer;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class TemporalClientConfig {

    /** The request id and user id of the HTTP request travel with every workflow the gateway starts. */
    @Bean
    TemporalOptionsCustomizer<WorkflowClientOptions.Builder> requestContextPropagation() {
        return builder -> builder.setContextPropagators(List.of(new RequestContext()));
    }
}

package io.askflow.gateway;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class AskflowGatewayApplication {

    public static void main(String[] args) {
        application().run(args);
    }

    /**
     * The gateway's configuration lives in {@code askflow-gateway.yml}, not {@code application.yml}, so it
     * never collides with the worker's when both run in one JVM (the integration tests).
     */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(AskflowGatewayApplication.class)
                .properties("spring.config.name=askflow-gateway");
    }
}

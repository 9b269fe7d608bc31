package io.askflow.worker;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class AskflowWorkerApplication {

    public static void main(String[] args) {
        application().run(args);
    }

    /**
     * The worker's configuration lives in {@code askflow-worker.yml}, not {@code application.yml}, so it
     * never collides with the gateway's when both run in one JVM (the integration tests).
     */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(AskflowWorkerApplication.class)
                .properties("spring.config.name=askflow-worker");
    }
}

package io.askflow.worker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class AskflowWorkerApplication {

    public static void main(String[] args) {
        EmbeddedTemporal.startIfNeeded();
        SpringApplication.run(AskflowWorkerApplication.class, args);
    }
}

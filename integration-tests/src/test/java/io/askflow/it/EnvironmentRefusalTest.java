package io.askflow.it;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.askflow.worker.AskflowWorkerApplication;
import org.junit.jupiter.api.Test;

/** Outside dev, nothing quietly falls back to a dev default: the processes refuse to start instead. */
class EnvironmentRefusalTest {

    final AskflowStack stack = AskflowStack.shared();

    @Test
    void gatewayOutsideDevNeedsItsOwnGithubAppSecretAndTemporal() {
        assertThatThrownBy(() -> stack.startGateway(
                        "--askflow.env=staging",
                        "--spring.profiles.active=staging",
                        "--askflow.auth.github.client-id=",
                        "--askflow.auth.github.client-secret="))
                .hasStackTraceContaining("APP_ENV=staging needs GITHUB_CLIENT_ID, GITHUB_CLIENT_SECRET");
        assertThatThrownBy(() -> stack.startGateway("--askflow.env=qa", "--spring.profiles.active=qa"))
                .hasStackTraceContaining("APP_ENV must be dev, staging or production");
    }

    @Test
    void workerOutsideDevRefusesTheStubModel() {
        assertThatThrownBy(
                        () -> AskflowWorkerApplication.application()
                                .run(
                                        "--askflow.env=production",
                                        "--spring.profiles.active=production",
                                        "--askflow.model.api-key=",
                                        "--spring.datasource.url=" + stack.databaseUrl,
                                        "--spring.temporal.connection.target=127.0.0.1:" + stack.temporalPort,
                                        "--spring.temporal.start-workers=false",
                                        "--server.port=0",
                                        "--spring.autoconfigure.exclude="
                                                + "org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration,"
                                                + "org.springframework.boot.actuate.autoconfigure.security.servlet.ManagementWebSecurityAutoConfiguration"))
                .hasStackTraceContaining("OPENAI_API_KEY is required when APP_ENV=production");
    }
}

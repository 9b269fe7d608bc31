package io.askflow.it;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.askflow.worker.AskflowWorkerApplication;
import org.junit.jupiter.api.Test;

/** Outside dev, nothing quietly falls back to a dev default: the processes refuse to start instead. */
class EnvironmentRefusalTest {

    /** One AES-256 key of zeros: enough to get past the codec's own requirement, never used to encrypt. */
    static final String CODEC_KEYS = "test:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

    final AskflowStack stack = AskflowStack.shared();

    @Test
    void gatewayOutsideDevNeedsItsOwnGithubAppSecretAndTemporal() {
        assertThatThrownBy(() -> stack.startGateway(
                        "--askflow.env=staging",
                        "--askflow.auth.github.client-id=",
                        "--askflow.auth.github.client-secret="))
                .hasStackTraceContaining(
                        "APP_ENV=staging needs ASKFLOW_CODEC_KEYS, GITHUB_CLIENT_ID, GITHUB_CLIENT_SECRET");
        assertThatThrownBy(() -> stack.startGateway("--askflow.env=qa"))
                .hasStackTraceContaining("APP_ENV must be dev, staging or production");
    }

    @Test
    void workerOutsideDevRefusesTheStubModelAndTheInMemoryTemporal() {
        assertThatThrownBy(() -> AskflowWorkerApplication.application()
                        .run(
                                "--askflow.env=production",
                                "--askflow.model.api-key=",
                                "--spring.datasource.url=" + stack.databaseUrl,
                                "--spring.temporal.connection.target=127.0.0.1:" + stack.temporalPort,
                                "--server.port=0"))
                .hasStackTraceContaining("APP_ENV=production needs ASKFLOW_CODEC_KEYS, OPENAI_API_KEY");
        assertThatThrownBy(() -> AskflowWorkerApplication.application()
                        .run(
                                "--askflow.env=staging",
                                "--askflow.model.api-key=a-key",
                                "--askflow.codec.keys=" + CODEC_KEYS,
                                "--askflow.embedded-temporal.enabled=true",
                                "--spring.datasource.url=" + stack.databaseUrl,
                                "--server.port=0"))
                .hasStackTraceContaining("ASKFLOW_EMBEDDED_TEMPORAL is for dev only");
    }
}

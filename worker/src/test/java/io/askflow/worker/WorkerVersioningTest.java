package io.askflow.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.common.VersioningBehavior;
import io.temporal.common.WorkerDeploymentVersion;
import io.temporal.spring.boot.WorkerOptionsCustomizer;
import io.temporal.worker.WorkerDeploymentOptions;
import io.temporal.worker.WorkerOptions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Worker Versioning is off unless the worker has a build id, and then names the worker's version. */
class WorkerVersioningTest {

    final ApplicationContextRunner context =
            new ApplicationContextRunner().withUserConfiguration(WorkerVersioning.class);

    @Test
    void offWithoutABuildId() {
        context.withPropertyValues("askflow.versioning.build-id=")
                .run(app -> assertThat(app).doesNotHaveBean(WorkerOptionsCustomizer.class));
    }

    @Test
    void aBuildIdMakesTheWorkerAVersionOfItsDeployment() {
        context.withPropertyValues(
                        "askflow.versioning.deployment-name=askflow", "askflow.versioning.build-id=0123abcd4567")
                .run(app -> {
                    WorkerDeploymentOptions options = app.getBean(WorkerOptionsCustomizer.class)
                            .customize(WorkerOptions.newBuilder(), "worker", "askflow-ask")
                            .build()
                            .getDeploymentOptions();
                    assertThat(options.isUsingVersioning()).isTrue();
                    assertThat(options.getDefaultVersioningBehavior()).isEqualTo(VersioningBehavior.PINNED);
                    assertThat(options.getVersion()).isEqualTo(new WorkerDeploymentVersion("askflow", "0123abcd4567"));
                });
    }

    @Test
    void aBlankDeploymentNameIsRefused() {
        context.withPropertyValues("askflow.versioning.deployment-name= ", "askflow.versioning.build-id=v1")
                .run(app -> assertThat(app)
                        .hasFailed()
                        .getFailure()
                        .hasStackTraceContaining("ASKFLOW_WORKER_DEPLOYMENT must not be blank"));
    }
}

package io.askflow.worker;

import io.temporal.common.VersioningBehavior;
import io.temporal.common.WorkerDeploymentVersion;
import io.temporal.spring.boot.WorkerOptionsCustomizer;
import io.temporal.worker.WorkerDeploymentOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Temporal Worker Versioning, on when the worker is given a build id ({@code ASKFLOW_WORKER_BUILD_ID}; the Helm
 * chart passes the image's tag or digest). The worker then polls as version {@code deployment:build} of its Worker
 * Deployment, and takes only the tasks Temporal routes to that version: new workflows go to the deployment's
 * current version, and stay pinned to the version that started them. Without a build id (dev, run.sh, the tests)
 * the worker is unversioned, as before.
 *
 * <p>Every workflow type is pinned, through the worker's default behaviour rather than
 * {@code @WorkflowVersioningBehavior} on each implementation: the SDK (1.38) reports an annotated behaviour from
 * unversioned workers too, and the server refuses their workflow tasks ("versioning behavior cannot be specified
 * without deployment options being set with versioned mode"), so an annotation would break dev and every
 * unversioned worker. Pinned suits AskWorkflow (seconds long: it finishes on its build, and no build replays
 * another's history) and is acceptable for HousekeepingWorkflow (one chore, seconds long; a chore still retrying
 * keeps the old build up to its last attempt, about 15 minutes, before the old build drains).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${askflow.versioning.build-id:}'.length() > 0")
class WorkerVersioning {

    private static final Logger log = LoggerFactory.getLogger(WorkerVersioning.class);

    @Bean
    WorkerOptionsCustomizer workerDeploymentVersion(Environment environment) {
        String deployment = environment.getProperty("askflow.versioning.deployment-name", "askflow");
        if (deployment.isBlank()) {
            throw new IllegalStateException(
                    "ASKFLOW_WORKER_DEPLOYMENT must not be blank when ASKFLOW_WORKER_BUILD_ID is set");
        }
        WorkerDeploymentVersion version =
                new WorkerDeploymentVersion(deployment, environment.getRequiredProperty("askflow.versioning.build-id"));
        log.info(
                "Worker Versioning on: this worker is version {} of Worker Deployment {}; it takes new questions once"
                        + " that version is made current",
                version.toCanonicalString(),
                deployment);
        WorkerDeploymentOptions options = WorkerDeploymentOptions.newBuilder()
                .setUseVersioning(true)
                .setVersion(version)
                .setDefaultVersioningBehavior(VersioningBehavior.PINNED)
                .build();
        return (builder, workerName, taskQueue) -> builder.setDeploymentOptions(options);
    }
}

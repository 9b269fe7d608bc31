package io.askflow.runtime;

import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** Is the Temporal frontend reachable and serving? A gRPC health check with a short deadline. */
class TemporalHealthIndicator extends AbstractHealthIndicator {

    private static final Duration DEADLINE = Duration.ofSeconds(2);

    private final WorkflowServiceStubs stubs;

    TemporalHealthIndicator(WorkflowServiceStubs stubs) {
        super("Temporal check failed");
        this.stubs = stubs;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        HealthCheckResponse response = HealthGrpc.newBlockingStub(stubs.getRawChannel())
                .withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                .check(HealthCheckRequest.newBuilder()
                        .setService(WorkflowServiceStubs.HEALTH_CHECK_SERVICE_NAME)
                        .build());
        builder.withDetail("target", stubs.getOptions().getTarget());
        if (response.getStatus() == HealthCheckResponse.ServingStatus.SERVING) {
            builder.up();
        } else {
            builder.down().withDetail("status", response.getStatus().name());
        }
    }
}

package io.askflow.bench;

import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateStage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives floor workflows the way the gateway drives AskWorkflow (update-with-start, wait for the reply) and
 * measures them one at a time, at fixed open-loop rates and flat out.
 */
final class FloorRunner {

    private final WorkflowClient client;
    private final String taskQueue;

    FloorRunner(WorkflowClient client, String taskQueue) {
        this.client = client;
        this.taskQueue = taskQueue;
    }

    /** One question's worth of workflow: started, and awaited until its reply. */
    String ask(Shape shape) {
        return ask(shape, "floor-" + UUID.randomUUID());
    }

    String ask(Shape shape, String workflowId) {
        FloorWorkflow workflow = client.newWorkflowStub(
                FloorWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setTaskQueue(taskQueue)
                        .setWorkflowId(workflowId)
                        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
                        .build());
        return WorkflowClient.startUpdateWithStart(
                        workflow::awaitReply,
                        UpdateOptions.<String>newBuilder()
                                .setWaitForStage(WorkflowUpdateStage.ACCEPTED)
                                .build(),
                        new WithStartWorkflowOperation<>(workflow::run, shape))
                .getResult();
    }

    Measurement sequential(Shape shape, int count) {
        List<Double> latencies = new ArrayList<>();
        int failures = 0;
        long started = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long t0 = System.nanoTime();
            try {
                ask(shape);
                latencies.add(millisSince(t0));
            } catch (RuntimeException e) {
                failures++;
            }
        }
        return Measurement.of("one at a time", 0, latencies, failures, secondsSince(started));
    }

    /**
     * Sends {@code rate × seconds} calls at their intended times, each on its own virtual thread; a latency
     * counts from the intended send time, so falling behind shows (no coordinated omission).
     */
    Measurement openLoop(Shape shape, double rate, double seconds) throws InterruptedException {
        int total = (int) (rate * seconds);
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failures = new AtomicInteger();
        AtomicLong lastFinish = new AtomicLong();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
        try (ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < total; i++) {
                long intended = start + (long) (i * 1e9 / rate);
                long wait = intended - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                calls.submit(() -> {
                    try {
                        ask(shape);
                        latencies.add(millisSince(intended));
                    } catch (RuntimeException e) {
                        failures.incrementAndGet();
                    }
                    lastFinish.accumulateAndGet(System.nanoTime(), Math::max);
                });
            }
        }
        return Measurement.of(
                String.format("%g/s", rate), rate, latencies, failures.get(), (lastFinish.get() - start) / 1e9);
    }

    /** As many calls as {@code concurrency} callers complete back to back: the most the engine can do. */
    Measurement saturate(Shape shape, int concurrency, double seconds) throws InterruptedException {
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failures = new AtomicInteger();
        long started = System.nanoTime();
        long deadline = started + (long) (seconds * 1e9);
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < concurrency; c++) {
                callers.submit(() -> {
                    while (System.nanoTime() < deadline) {
                        long t0 = System.nanoTime();
                        try {
                            ask(shape);
                            latencies.add(millisSince(t0));
                        } catch (RuntimeException e) {
                            failures.incrementAndGet();
                        }
                    }
                });
            }
        }
        return Measurement.of(concurrency + " in flight", 0, latencies, failures.get(), secondsSince(started));
    }

    private static double millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1e6;
    }

    private static double secondsSince(long nanos) {
        return (System.nanoTime() - nanos) / 1e9;
    }
}

package io.askflow.worker;

import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Lets the steps that are running finish when the worker is asked to stop. The Temporal starter only calls
 * {@code shutdown()} on the worker factory while the context is destroyed, after which the database pool
 * closes and the JVM exits mid-step; the step is then retried only after its whole timeout. Stopping here,
 * in the first lifecycle phase, stops polling and waits for the running tasks while everything they need is
 * still open.
 */
@Component
class GracefulWorkerShutdown implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GracefulWorkerShutdown.class);

    private final WorkerFactory factory;
    private final Duration grace;
    private volatile boolean running;

    GracefulWorkerShutdown(WorkerFactory factory, @Value("${askflow.shutdown-grace:60s}") Duration grace) {
        this.factory = factory;
        this.grace = grace;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        log.info("Stopping: no new tasks; waiting up to {} for the running steps to finish", grace);
        factory.shutdown();
        factory.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
        log.info("Worker stopped ({})", factory.isTerminated() ? "all steps finished" : "grace period over");
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // the highest phase stops first: before the web server and anything a step uses
        return Integer.MAX_VALUE;
    }
}

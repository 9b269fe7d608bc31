package io.askflow.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Measures the engine floor: for each workflow shape, a workflow whose steps do nothing, run by one process
 * that is both client and worker, against the Temporal at {@code --target}. The benchmark (bench/run.sh) runs
 * it against the same Temporal as AskFlow, in the same run, and compares.
 *
 * <pre>
 * java -jar bench/target/askflow-bench-0.1.0-SNAPSHOT-exec.jar --target 127.0.0.1:7233 \
 *     [--shapes ASKFLOW,FOUR_REGULAR,REPLY_ONLY] [--sequential 200] [--rates 20,40] [--seconds 10] \
 *     [--concurrency 32] [--saturate-seconds 10] [--warm-up 300] [--server-pid PID] [--json floor.json]
 * </pre>
 *
 * <p>Each shape is first run {@code --warm-up} times, not counted, so that the figures are of a warmed-up JVM
 * (class loading and the JIT compiler take a few hundred workflows on a 2-core machine), as AskFlow's are. With
 * {@code --server-pid}, each measurement also reports the CPU time per workflow of this process and of the
 * Temporal server.
 */
public final class EngineFloor {

    /** What one shape measured. */
    public record ShapeResult(Shape shape, String description, List<Measurement> measurements) {}

    private EngineFloor() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        String target = options.getOrDefault("target", "127.0.0.1:7233");
        WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(
                WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
        try {
            WorkflowClient client = WorkflowClient.newInstance(service);
            Map<String, Long> pids = new LinkedHashMap<>();
            pids.put("floor", ProcessHandle.current().pid());
            if (options.containsKey("server-pid")) {
                pids.put("temporal", Long.parseLong(options.get("server-pid")));
            }
            List<ShapeResult> results = measure(client, new ProcessCpu(pids), options);
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("target", target);
            report.put("shapes", results);
            if (options.containsKey("json")) {
                write(Path.of(options.get("json")), report);
            }
        } finally {
            service.shutdownNow();
        }
        System.exit(0);
    }

    /** Starts a worker for the floor workflow on a task queue of its own, measures every shape, stops it. */
    static List<ShapeResult> measure(WorkflowClient client, ProcessCpu cpu, Map<String, String> options)
            throws InterruptedException {
        String taskQueue = "askflow-engine-floor-" + UUID.randomUUID();
        WorkerFactory factory = WorkerFactory.newInstance(client);
        Worker worker = factory.newWorker(taskQueue);
        worker.registerWorkflowImplementationTypes(FloorWorkflowImpl.class);
        worker.registerActivitiesImplementations(new FloorActivities.Nothing());
        factory.start();
        try {
            FloorRunner runner = new FloorRunner(client, taskQueue);
            List<ShapeResult> results = new ArrayList<>();
            for (String name : options.getOrDefault("shapes", "ASKFLOW,FOUR_REGULAR,REPLY_ONLY")
                    .split(",")) {
                Shape shape = Shape.valueOf(name.trim());
                results.add(measure(runner, cpu, shape, options));
            }
            return results;
        } finally {
            factory.shutdownNow();
        }
    }

    private static ShapeResult measure(FloorRunner runner, ProcessCpu cpu, Shape shape, Map<String, String> options)
            throws InterruptedException {
        int warmUp = Integer.parseInt(options.getOrDefault("warm-up", "300"));
        int sequential = Integer.parseInt(options.getOrDefault("sequential", "200"));
        double seconds = Double.parseDouble(options.getOrDefault("seconds", "10"));
        int concurrency = Integer.parseInt(options.getOrDefault("concurrency", "32"));
        double saturateSeconds = Double.parseDouble(options.getOrDefault("saturate-seconds", "10"));
        System.out.printf("engine floor, %s:%n", shape.description());
        if (warmUp > 0) {
            System.out.println("  warm-up, not counted: " + runner.sequential(shape, warmUp));
        }
        List<Measurement> measurements = new ArrayList<>();
        measurements.add(measured(cpu, () -> runner.sequential(shape, sequential)));
        for (String rate : options.getOrDefault("rates", "").split(",")) {
            if (!rate.isBlank()) {
                measurements.add(measured(cpu, () -> runner.openLoop(shape, Double.parseDouble(rate), seconds)));
            }
        }
        if (concurrency > 0 && saturateSeconds > 0) {
            measurements.add(measured(cpu, () -> runner.saturate(shape, concurrency, saturateSeconds)));
        }
        return new ShapeResult(shape, shape.description(), measurements);
    }

    /** A run of the floor. */
    private interface Run {
        Measurement run() throws InterruptedException;
    }

    /** Runs a measurement, adds the CPU each followed process spent per call, and prints it. */
    private static Measurement measured(ProcessCpu cpu, Run run) throws InterruptedException {
        Map<String, Double> before = cpu.read();
        Measurement measurement = run.run();
        measurement = measurement.withCpu(cpu.perCall(before, measurement.calls()));
        System.out.println("  " + measurement);
        return measurement;
    }

    private static void write(Path file, Object report) {
        try {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), report);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file, e);
        }
    }

    /** {@code --name value} pairs. */
    static Map<String, String> options(String[] args) {
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("expected --name value pairs, got " + Arrays.toString(args));
        }
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }
}

package io.askflow.bench;

import java.util.List;
import java.util.Map;

/**
 * One measured run: how many calls were made in how long, and their latencies.
 *
 * @param label what was run, e.g. "one at a time" or "20/s"
 * @param offeredPerSecond the open-loop rate asked for; 0 for sequential and saturation runs
 * @param calls how many calls completed
 * @param failures how many calls failed
 * @param achievedPerSecond completed calls per second of the run
 * @param cpuMillisPerCall CPU milliseconds each followed process used per completed call (see ProcessCpu)
 */
public record Measurement(
        String label,
        double offeredPerSecond,
        int calls,
        int failures,
        double achievedPerSecond,
        double p50Millis,
        double p90Millis,
        double p99Millis,
        double maxMillis,
        Map<String, Double> cpuMillisPerCall) {

    static Measurement of(String label, double offered, List<Double> latencies, int failures, double seconds) {
        double[] sorted =
                latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Measurement(
                label,
                offered,
                sorted.length,
                failures,
                seconds > 0 ? sorted.length / seconds : 0,
                percentile(sorted, 50),
                percentile(sorted, 90),
                percentile(sorted, 99),
                sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1],
                Map.of());
    }

    Measurement withCpu(Map<String, Double> perCall) {
        return new Measurement(
                label,
                offeredPerSecond,
                calls,
                failures,
                achievedPerSecond,
                p50Millis,
                p90Millis,
                p99Millis,
                maxMillis,
                perCall);
    }

    /** Nearest-rank percentile, as the HTTP load generator (bench/load.py) computes it. */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.round(p / 100 * sorted.length);
        return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
    }

    @Override
    public String toString() {
        String line = String.format(
                "%14s  calls %6d  failed %3d  achieved %7.1f/s  p50 %7.1f  p90 %7.1f  p99 %7.1f  max %7.1f ms",
                label, calls, failures, achievedPerSecond, p50Millis, p90Millis, p99Millis, maxMillis);
        if (cpuMillisPerCall.isEmpty()) {
            return line;
        }
        StringBuilder cpu =
                new StringBuilder(line).append("\n").append(" ".repeat(16)).append("CPU per call:");
        cpuMillisPerCall.forEach((name, millis) -> cpu.append(String.format(" %s %.1f ms", name, millis)));
        return cpu.toString();
    }
}

package io.askflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CPU time named processes have used, from Linux's {@code /proc/<pid>/stat}: how much CPU a workflow (or a
 * question) costs each process, a figure that, unlike latency, other load on the machine barely moves. On a
 * small machine it is what caps throughput: two cores give at most 2,000 ms of CPU a second to share.
 */
final class ProcessCpu {

    /** Linux reports CPU time in clock ticks of USER_HZ, 100 a second on every mainstream architecture. */
    private static final double MILLIS_PER_TICK = 10.0;

    private final Map<String, Long> pids;

    /** @param pids the processes to follow, by the name to report them under */
    ProcessCpu(Map<String, Long> pids) {
        this.pids = Collections.unmodifiableMap(new LinkedHashMap<>(pids)); // reported in the order given
    }

    /** CPU milliseconds used so far by each process; a process that has gone is left out. */
    Map<String, Double> read() {
        Map<String, Double> millis = new LinkedHashMap<>();
        pids.forEach((name, pid) -> {
            Double used = cpuMillis(pid);
            if (used != null) {
                millis.put(name, used);
            }
        });
        return millis;
    }

    /** CPU milliseconds per call each process used since {@code before}, over {@code calls} calls. */
    Map<String, Double> perCall(Map<String, Double> before, int calls) {
        Map<String, Double> perCall = new LinkedHashMap<>();
        if (calls == 0) {
            return perCall;
        }
        read().forEach((name, now) -> {
            if (before.containsKey(name)) {
                perCall.put(name, (now - before.get(name)) / calls);
            }
        });
        return perCall;
    }

    private static Double cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name, in parentheses, may hold spaces: the fields are counted after it
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long userTicks = Long.parseLong(fields[11]); // utime, field 14 of proc(5)
            long systemTicks = Long.parseLong(fields[12]); // stime, field 15
            return (userTicks + systemTicks) * MILLIS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}

package io.askflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessCpuTest {

    /** The JVM's own account of the CPU this process has used, the reference to check /proc's against. */
    private static double jvmCpuMillis() {
        return ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos() / 1e6;
    }

    @Test
    void countsTheCpuAProcessUsesPerCall() {
        ProcessCpu cpu = new ProcessCpu(Map.of("self", ProcessHandle.current().pid(), "gone", Long.MAX_VALUE));
        Map<String, Double> before = cpu.read();
        double jvmBefore = jvmCpuMillis();
        assertThat(before).containsOnlyKeys("self");

        // burn CPU until the process has used 300 ms more of it, however busy the machine is
        long spin = 0;
        while (jvmCpuMillis() - jvmBefore < Duration.ofMillis(300).toMillis()) {
            spin++;
        }
        Map<String, Double> perCall = cpu.perCall(before, 10);
        double jvmPerCall = (jvmCpuMillis() - jvmBefore) / 10;

        assertThat(spin).isPositive();
        // both count the whole process; /proc in ticks of 10 ms, so within a few ticks over 10 calls
        assertThat(perCall.get("self")).isCloseTo(jvmPerCall, org.assertj.core.data.Offset.offset(5.0));
        assertThat(cpu.perCall(before, 0)).isEmpty();
    }

    @Test
    void reportsTheProcessesInTheOrderGiven() {
        Map<String, Long> pids = new java.util.LinkedHashMap<>();
        pids.put("floor", ProcessHandle.current().pid());
        pids.put("temporal", ProcessHandle.current().pid());

        assertThat(new ProcessCpu(pids).read().keySet()).containsExactly("floor", "temporal");
    }
}

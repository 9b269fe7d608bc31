package io.askflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessCpuTest {

    @Test
    void countsTheCpuAProcessUsesPerCall() {
        ProcessCpu cpu = new ProcessCpu(Map.of("self", ProcessHandle.current().pid(), "gone", Long.MAX_VALUE));
        Map<String, Double> before = cpu.read();
        assertThat(before).containsOnlyKeys("self");

        long deadline = System.nanoTime() + 300_000_000L;
        long spin = 0;
        while (System.nanoTime() < deadline) {
            spin++;
        }
        Map<String, Double> perCall = cpu.perCall(before, 10);

        assertThat(spin).isPositive();
        // 300 ms of spinning over 10 calls: about 30 ms a call (the clock ticks every 10 ms)
        assertThat(perCall.get("self")).isBetween(20.0, 200.0);
        assertThat(cpu.perCall(before, 0)).isEmpty();
    }
}

package io.askflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** With an OTLP endpoint configured, one trace runs from the gateway's HTTP request through every step. */
class TracingTest {

    static OtlpCollectorStandIn collector;
    static AskflowStack stack;

    @BeforeAll
    static void start() throws Exception {
        collector = new OtlpCollectorStandIn();
        stack = AskflowStack.start(
                "--management.opentelemetry.tracing.export.otlp.endpoint=" + collector.endpoint(),
                "--management.tracing.sampling.probability=1.0");
    }

    @AfterAll
    static void stop() {
        stack.close();
        collector.close();
    }

    @Test
    void oneTraceFromGatewayThroughTheWorkflowAndItsSteps() throws Exception {
        String token = stack.login(AskflowStack.newUserId());
        assertThat(stack.ask("/ask", token, "Trace me").status()).isEqualTo(200);

        List<OtlpCollectorStandIn.ReceivedSpan> trace = List.of();
        for (int i = 0; i < 100 && !complete(trace); i++) {
            Thread.sleep(200);
            trace = askTrace();
        }
        Set<String> names =
                trace.stream().map(s -> s.service() + " " + s.name()).collect(Collectors.toSet());
        assertThat(names)
                .as("all spans: %s", collector.spans())
                .contains("askflow-gateway http post /ask")
                .contains("askflow-worker RunActivity:GenerateAnswer")
                .contains("askflow-worker RunActivity:SaveAnswer");
    }

    /** The spans of the trace that holds the gateway's POST /ask. */
    private static List<OtlpCollectorStandIn.ReceivedSpan> askTrace() {
        return collector.spans().stream()
                .filter(s -> s.name().equals("http post /ask"))
                .findFirst()
                .map(ask -> collector.spans().stream()
                        .filter(s -> s.traceId().equals(ask.traceId()))
                        .toList())
                .orElse(List.of());
    }

    private static boolean complete(List<OtlpCollectorStandIn.ReceivedSpan> trace) {
        return trace.stream().anyMatch(s -> s.name().equals("RunActivity:SaveAnswer"));
    }
}

package io.askflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The floor measures what it says: each shape runs the steps it names, and the runner counts every call. */
class EngineFloorTest {

    final TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();

    @AfterEach
    void close() {
        env.close();
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void eachShapeRunsItsStepsAsRegularOrLocalActivities(Shape shape) {
        Worker worker = env.newWorker("floor");
        worker.registerWorkflowImplementationTypes(FloorWorkflowImpl.class);
        worker.registerActivitiesImplementations(new FloorActivities.Nothing());
        env.start();
        FloorRunner runner = new FloorRunner(env.getWorkflowClient(), "floor");

        String workflowId = "floor-" + shape;
        assertThat(runner.ask(shape, workflowId)).isEqualTo("42");

        env.getWorkflowClient().newUntypedWorkflowStub(workflowId).getResult(String.class);
        List<HistoryEvent> events =
                env.getWorkflowClient().fetchHistory(workflowId).getEvents();
        Map<Shape, long[]> expected = Map.of(
                // {regular activities, local activity markers}
                Shape.REPLY_ONLY, new long[] {0, 0},
                Shape.FOUR_REGULAR, new long[] {4, 0},
                Shape.ASKFLOW, new long[] {2, 2});
        assertThat(count(events, EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED)).isEqualTo(expected.get(shape)[0]);
        assertThat(count(events, EventType.EVENT_TYPE_MARKER_RECORDED)).isEqualTo(expected.get(shape)[1]);
    }

    @Test
    void everyMeasurementCountsItsCalls() throws InterruptedException {
        Worker worker = env.newWorker("floor");
        worker.registerWorkflowImplementationTypes(FloorWorkflowImpl.class);
        worker.registerActivitiesImplementations(new FloorActivities.Nothing());
        env.start();
        FloorRunner runner = new FloorRunner(env.getWorkflowClient(), "floor");

        Measurement sequential = runner.sequential(Shape.ASKFLOW, 5);
        Measurement open = runner.openLoop(Shape.ASKFLOW, 20, 0.5);
        Measurement flatOut = runner.saturate(Shape.ASKFLOW, 4, 0.5);

        assertThat(sequential.calls()).isEqualTo(5);
        assertThat(open.calls()).isEqualTo(10);
        assertThat(open.offeredPerSecond()).isEqualTo(20);
        assertThat(flatOut.calls()).isPositive();
        for (Measurement m : List.of(sequential, open, flatOut)) {
            assertThat(m.failures()).isZero();
            assertThat(m.p50Millis()).isPositive().isLessThanOrEqualTo(m.p99Millis());
            assertThat(m.achievedPerSecond()).isPositive();
        }
    }

    @Test
    void percentilesAreNearestRank() {
        double[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertThat(Measurement.percentile(sorted, 50)).isEqualTo(5);
        assertThat(Measurement.percentile(sorted, 90)).isEqualTo(9);
        assertThat(Measurement.percentile(sorted, 99)).isEqualTo(10);
        assertThat(Measurement.percentile(new double[0], 50)).isNaN();
    }

    private static long count(List<HistoryEvent> events, EventType type) {
        return events.stream().filter(e -> e.getEventType() == type).count();
    }
}

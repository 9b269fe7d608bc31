package io.askflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.askflow.workflows.housekeeping.Chore;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.schedules.ScheduleActionExecutionStartWorkflow;
import io.temporal.client.schedules.ScheduleActionResult;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The housekeeping schedules on a real Temporal server: the worker creates them at start-up with its
 * configured intervals, and a question left queued by a gateway that stopped before starting its workflow is
 * answered when the stranded-questions chore runs.
 */
class HousekeepingEndToEndTest {

    static ProcessStack stack;
    static WorkflowServiceStubs service;
    static ScheduleClient schedules;

    @BeforeAll
    static void start() throws Exception {
        stack = ProcessStack.start(
                "--askflow.housekeeping.stranded-questions.every=7m",
                "--askflow.housekeeping.stranded-questions.after=1s",
                "--askflow.housekeeping.retention.every=3h");
        service = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget(stack.temporalAddress)
                .build());
        schedules = ScheduleClient.newInstance(service);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        if (schedules != null) {
            // the shared dev server outlives this test: leave no schedule firing at the next stacks' workers
            for (Chore chore : Chore.values()) {
                schedules.getHandle(chore.scheduleId()).delete();
            }
        }
        if (service != null) {
            service.shutdownNow();
        }
    }

    @Test
    void theWorkerCreatesBothSchedulesWithTheConfiguredIntervals() {
        assertThat(interval(Chore.STRANDED_QUESTIONS)).isEqualTo(Duration.ofMinutes(7));
        assertThat(interval(Chore.RETENTION)).isEqualTo(Duration.ofHours(3));
    }

    @Test
    void aQuestionLeftQueuedIsAnsweredWhenTheSweeperRuns() throws Exception {
        long userId = ProcessStack.newUserId();
        String token = stack.login(userId);
        String id = UUID.randomUUID().toString();
        // what a gateway leaves behind when it dies between saving a question and starting its workflow
        try (Connection db = stack.database.connect();
                PreparedStatement insert = db.prepareStatement("""
                        INSERT INTO questions (id, user_id, request_id, question, status, created_at)
                        VALUES (?, ?, 'req-stranded', 'Left behind?', 'queued', ?)
                        """)) {
            insert.setString(1, id);
            insert.setLong(2, userId);
            insert.setLong(3, System.currentTimeMillis() - 5_000);
            insert.executeUpdate();
        }

        String result = runNow(Chore.STRANDED_QUESTIONS);

        assertThat(result).contains("started=1");
        JsonNode question = stack.awaitFinal(id, token, Duration.ofSeconds(30));
        assertThat(question.get("status").asText()).isEqualTo("completed");
        assertThat(question.get("answer").asText()).startsWith("Answer number");
    }

    @Test
    void theRetentionChoreRunsAndSaysWhatItDeleted() throws Exception {
        assertThat(runNow(Chore.RETENTION)).startsWith("Purged[");
    }

    private static Duration interval(Chore chore) {
        List<ScheduleIntervalSpec> intervals = schedules
                .getHandle(chore.scheduleId())
                .describe()
                .getSchedule()
                .getSpec()
                .getIntervals();
        assertThat(intervals).hasSize(1);
        return intervals.get(0).getEvery();
    }

    /**
     * Triggers the chore's schedule and returns what the workflow it started reported. The run is told apart by
     * its workflow id: Temporal keeps only the last few actions, so their count stops growing once the schedule
     * has run a few times on a dev server shared by the whole suite.
     */
    private static String runNow(Chore chore) throws InterruptedException {
        ScheduleHandle handle = schedules.getHandle(chore.scheduleId());
        Set<String> before = startedWorkflowIds(handle.describe());
        // now, even while a scheduled run is open: the schedule's own overlap policy (SKIP) would start nothing
        handle.trigger(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> started = startedWorkflowIds(handle.describe()).stream()
                    .filter(id -> !before.contains(id))
                    .reduce((first, second) -> second);
            if (started.isPresent()) {
                return WorkflowClient.newInstance(service)
                        .newUntypedWorkflowStub(started.get())
                        .getResult(String.class);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the schedule " + chore.scheduleId() + " did not start its workflow");
    }

    /** The workflow ids of the schedule's recent runs, oldest first. */
    private static Set<String> startedWorkflowIds(ScheduleDescription description) {
        Set<String> ids = new LinkedHashSet<>();
        for (ScheduleActionResult action : description.getInfo().getRecentActions()) {
            ids.add(((ScheduleActionExecutionStartWorkflow) action.getAction()).getWorkflowId());
        }
        return ids;
    }
}

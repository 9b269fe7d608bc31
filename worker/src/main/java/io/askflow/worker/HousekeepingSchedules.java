package io.askflow.worker;

import io.askflow.workflows.TaskQueues;
import io.askflow.workflows.housekeeping.Chore;
import io.askflow.workflows.housekeeping.HousekeepingWorkflow;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleUpdate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;

/**
 * Creates the housekeeping schedules when the worker is ready, or brings them up to date with this worker's
 * configuration: any number of workers may do so, and Temporal still runs each chore once per interval for
 * the whole cluster. A run that would overlap the previous one is skipped.
 */
class HousekeepingSchedules {

    private static final Logger log = LoggerFactory.getLogger(HousekeepingSchedules.class);

    private final ScheduleClient schedules;
    private final Map<Chore, Duration> intervals;

    HousekeepingSchedules(ScheduleClient schedules, Map<Chore, Duration> intervals) {
        this.schedules = schedules;
        this.intervals = intervals;
    }

    @EventListener(ApplicationReadyEvent.class)
    void createOrUpdate() {
        intervals.forEach((chore, every) -> {
            try {
                createOrUpdate(chore, schedule(chore, every));
            } catch (RuntimeException e) {
                // never a reason to stop answering questions: say so, and the next worker start tries again
                if (isUnimplemented(e)) {
                    // Temporal's in-memory test service has no schedules
                    log.warn("this Temporal has no schedules: housekeeping chore {} will not run", chore);
                    return;
                }
                log.error(
                        "could not create or update the schedule {}; the next worker start tries again",
                        chore.scheduleId(),
                        e);
            }
        });
    }

    private void createOrUpdate(Chore chore, Schedule schedule) {
        try {
            schedules.createSchedule(
                    chore.scheduleId(), schedule, ScheduleOptions.newBuilder().build());
            log.info("created the housekeeping schedule {}", chore.scheduleId());
        } catch (ScheduleAlreadyRunningException e) {
            schedules.getHandle(chore.scheduleId()).update(input -> new ScheduleUpdate(schedule));
            log.info("housekeeping schedule {} is up to date", chore.scheduleId());
        }
    }

    private static boolean isUnimplemented(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof StatusRuntimeException status
                    && status.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
                return true;
            }
        }
        return false;
    }

    static Schedule schedule(Chore chore, Duration every) {
        return Schedule.newBuilder()
                .setAction(ScheduleActionStartWorkflow.newBuilder()
                        .setWorkflowType(HousekeepingWorkflow.class)
                        .setArguments(chore)
                        .setOptions(WorkflowOptions.newBuilder()
                                .setWorkflowId(chore.scheduleId())
                                .setTaskQueue(TaskQueues.ASK)
                                .setWorkflowExecutionTimeout(every.plusMinutes(30))
                                .build())
                        .build())
                .setSpec(ScheduleSpec.newBuilder()
                        .setIntervals(List.of(new ScheduleIntervalSpec(every)))
                        .build())
                .setPolicy(SchedulePolicy.newBuilder()
                        .setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
                        .build())
                .build();
    }
}

package io.askflow.bench;

import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

public class FloorWorkflowImpl implements FloorWorkflow {

    private final FloorActivities regular = Workflow.newActivityStub(
            FloorActivities.class,
            ActivityOptions.newBuilder()
                    .setStartToCloseTimeout(Duration.ofSeconds(30))
                    .build());
    private final FloorActivities local = Workflow.newLocalActivityStub(
            FloorActivities.class,
            LocalActivityOptions.newBuilder()
                    .setStartToCloseTimeout(Duration.ofSeconds(30))
                    .build());

    private String reply;

    @Override
    public String run(Shape shape) {
        switch (shape) {
            case REPLY_ONLY -> reply = "42";
            case FOUR_REGULAR -> {
                regular.check();
                String answer = regular.generate();
                regular.save();
                reply = answer;
                regular.record();
            }
            case ASKFLOW -> {
                local.check();
                String answer = regular.generate();
                local.save();
                reply = answer;
                regular.record();
            }
        }
        return reply;
    }

    @Override
    public String awaitReply() {
        Workflow.await(() -> reply != null);
        return reply;
    }
}

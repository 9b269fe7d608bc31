package io.askflow.bench;

/** The workflow shapes the floor is measured for. */
public enum Shape {
    /** Start and reply at once: what Temporal costs without any step. */
    REPLY_ONLY("start + reply, no activities"),
    /** Four regular activities, the reply after the third: AskWorkflow before its database steps went local. */
    FOUR_REGULAR("four regular activities"),
    /** Local check, regular model call, local save, reply, regular telemetry: AskWorkflow today. */
    ASKFLOW("local check, regular model, local save, regular telemetry");

    private final String description;

    Shape(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}

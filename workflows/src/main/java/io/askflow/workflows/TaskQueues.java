package io.askflow.workflows;

/** Task queue names shared by the gateway (which starts workflows) and the worker (which polls). */
public final class TaskQueues {

    /** AskWorkflow and all of its activities. */
    public static final String ASK = "askflow-ask";

    private TaskQueues() {}
}

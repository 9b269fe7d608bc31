package io.askflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.Timestamps;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.VersioningBehavior;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.WorkflowExecutionVersioningInfo;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkerDeploymentRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.RegisterNamespaceRequest;
import io.temporal.api.workflowservice.v1.SetWorkerDeploymentCurrentVersionRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Issue #16, zero-downtime releases: with Temporal Worker Versioning, a new worker build takes new questions
 * while the questions already running finish on the build that started them. On the real Temporal server of
 * the end-to-end suite, in a namespace of its own (so that the routing it sets never reaches the other tests):
 * workers of build v1, questions flowing with a slow model, workers of build v2 started under that load, v2 made
 * the deployment's current version (as the release pipeline does), then v1 drained and stopped.
 */
class WorkerVersioningEndToEndTest {

    static final String DEPLOYMENT = "askflow";
    static final Duration MODEL_LATENCY = Duration.ofMillis(1500);

    final String namespace =
            "askflow-versioning-" + UUID.randomUUID().toString().substring(0, 8);
    final List<Submitted> submitted = new CopyOnWriteArrayList<>();
    final List<String> refused = new CopyOnWriteArrayList<>();

    record Submitted(String workflowId, String questionId, String token) {}

    @Test
    void runningQuestionsFinishOnTheirBuildWhileANewBuildTakesNewOnes() throws Exception {
        String address = System.getenv("ASKFLOW_E2E_TEMPORAL_ADDRESS");
        WorkflowServiceStubs service = address == null || address.isBlank()
                ? null
                : WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                        .setTarget(address)
                        .build());
        if (service != null) {
            registerNamespace(service);
        }
        Process v2 = null;
        try (ProcessStack stack = ProcessStack.start(Map.of(
                "TEMPORAL_NAMESPACE",
                namespace,
                "ASKFLOW_WORKER_DEPLOYMENT",
                DEPLOYMENT,
                "ASKFLOW_WORKER_BUILD_ID",
                "v1",
                "ASKFLOW_HOUSEKEEPING",
                "false"))) {
            setCurrentVersion(service, "v1");
            stack.model.defaultDelay(MODEL_LATENCY);
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                tokens.add(stack.login(ProcessStack.newUserId()));
            }
            AtomicBoolean loading = new AtomicBoolean(true);
            Thread load = Thread.ofVirtual().start(() -> load(stack, tokens, loading));

            Thread.sleep(3_000);
            v2 = stack.startWorker("worker-v2", Map.of("ASKFLOW_WORKER_BUILD_ID", "v2"));
            Thread.sleep(1_000);
            Instant switchStarted = Instant.now();
            setCurrentVersion(service, "v2");
            Instant switched = Instant.now();
            Thread.sleep(4_000);
            loading.set(false);
            load.join();

            List<Run> runs = new ArrayList<>();
            for (Submitted question : submitted) {
                JsonNode result = stack.awaitFinal(question.questionId(), question.token(), Duration.ofSeconds(60));
                assertThat(result.get("status").asText())
                        .as("question %s: %s", question.questionId(), result)
                        .isEqualTo("completed");
                runs.add(run(service, question.workflowId()));
            }
            assertThat(refused).as("questions the gateway did not accept").isEmpty();

            List<Run> before = runs.stream()
                    .filter(run -> run.firstTask().isBefore(switchStarted))
                    .toList();
            List<Run> after =
                    runs.stream().filter(run -> run.started().isAfter(switched)).toList();
            assertThat(before).as("questions pinned before the switch").isNotEmpty();
            assertThat(after).as("questions started after the switch").isNotEmpty();
            assertThat(before).allSatisfy(run -> {
                assertThat(run.builds()).as(run.workflowId()).containsOnly("v1");
                assertThat(run.behavior()).isEqualTo(VersioningBehavior.VERSIONING_BEHAVIOR_PINNED);
            });
            assertThat(after).allSatisfy(run -> {
                assertThat(run.builds()).as(run.workflowId()).containsOnly("v2");
                assertThat(run.behavior()).isEqualTo(VersioningBehavior.VERSIONING_BEHAVIOR_PINNED);
            });
            // the point of pinning: questions in flight at the switch went on, and finished, on v1
            assertThat(before)
                    .as("a question running on v1 across the switch")
                    .anySatisfy(run -> assertThat(run.lastTask()).isAfter(switched));

            // the old build drains: stop it, and the service still answers, on v2
            stack.worker.destroy();
            assertThat(stack.worker.waitFor(90, java.util.concurrent.TimeUnit.SECONDS))
                    .isTrue();
            ProcessStack.Response last = stack.ask("/ask", tokens.getFirst(), "after the drain");
            assertThat(last.status()).as(last.toString()).isEqualTo(200);
            assertThat(run(service, last.json().at("/workflow/id").asText()).builds())
                    .containsOnly("v2");
        } finally {
            if (v2 != null) {
                v2.destroy();
                v2.waitFor();
            }
            if (service != null) {
                service.shutdown();
            }
        }
    }

    /** Questions from four users, one every 250 ms (each user stays under the flood guard's 5 per second). */
    private void load(ProcessStack stack, List<String> tokens, AtomicBoolean loading) {
        int n = 0;
        while (loading.get()) {
            String token = tokens.get(n % tokens.size());
            try {
                ProcessStack.Response response = stack.ask("/questions", token, "question " + n + " during a release");
                if (response.status() == 202) {
                    JsonNode question = response.json();
                    submitted.add(new Submitted(
                            question.at("/workflow/id").asText(),
                            question.get("id").asText(),
                            token));
                } else {
                    refused.add(response.toString());
                }
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                refused.add(e.toString());
            }
            n++;
        }
    }

    /**
     * One question's workflow as Temporal recorded it: when it started, when its first and last workflow tasks
     * completed, the build ids that completed them, and its versioning behavior.
     */
    record Run(
            String workflowId,
            Instant started,
            Instant firstTask,
            Instant lastTask,
            List<String> builds,
            VersioningBehavior behavior) {}

    private Run run(WorkflowServiceStubs service, String workflowId) {
        WorkflowExecution execution =
                WorkflowExecution.newBuilder().setWorkflowId(workflowId).build();
        List<HistoryEvent> events = service.blockingStub()
                .getWorkflowExecutionHistory(GetWorkflowExecutionHistoryRequest.newBuilder()
                        .setNamespace(namespace)
                        .setExecution(execution)
                        .build())
                .getHistory()
                .getEventsList();
        List<HistoryEvent> tasks = events.stream()
                .filter(event -> event.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)
                .toList();
        WorkflowExecutionVersioningInfo versioning = service.blockingStub()
                .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
                        .setNamespace(namespace)
                        .setExecution(execution)
                        .build())
                .getWorkflowExecutionInfo()
                .getVersioningInfo();
        return new Run(
                workflowId,
                instant(events.getFirst()),
                instant(tasks.getFirst()),
                instant(tasks.getLast()),
                tasks.stream()
                        .map(task -> task.getWorkflowTaskCompletedEventAttributes()
                                .getDeploymentVersion()
                                .getBuildId())
                        .distinct()
                        .toList(),
                versioning.getBehavior());
    }

    private static Instant instant(HistoryEvent event) {
        return Instant.ofEpochMilli(Timestamps.toMillis(event.getEventTime()));
    }

    /** A namespace of this test's own, usable once the frontend's namespace cache knows it. */
    private void registerNamespace(WorkflowServiceStubs service) throws InterruptedException {
        service.blockingStub()
                .registerNamespace(RegisterNamespaceRequest.newBuilder()
                        .setNamespace(namespace)
                        .setWorkflowExecutionRetentionPeriod(Durations.fromDays(1))
                        .build());
        retry(Duration.ofSeconds(30), () -> {
            service.blockingStub()
                    .describeNamespace(DescribeNamespaceRequest.newBuilder()
                            .setNamespace(namespace)
                            .build());
            return service.blockingStub()
                    .listWorkflowExecutions(ListWorkflowExecutionsRequest.newBuilder()
                            .setNamespace(namespace)
                            .build());
        });
    }

    /**
     * What the release pipeline does after a rollout ({@code temporal worker deployment set-current-version}):
     * from now on new workflows go to this build. Retried until the build's workers have polled, which is when
     * Temporal knows the version.
     */
    private void setCurrentVersion(WorkflowServiceStubs service, String buildId) throws InterruptedException {
        retry(Duration.ofSeconds(60), () -> {
            boolean known = service
                    .blockingStub()
                    .describeWorkerDeployment(DescribeWorkerDeploymentRequest.newBuilder()
                            .setNamespace(namespace)
                            .setDeploymentName(DEPLOYMENT)
                            .build())
                    .getWorkerDeploymentInfo()
                    .getVersionSummariesList()
                    .stream()
                    .anyMatch(summary ->
                            summary.getDeploymentVersion().getBuildId().equals(buildId));
            if (!known) {
                throw new IllegalStateException("version " + buildId + " has not polled yet");
            }
            return service.blockingStub()
                    .setWorkerDeploymentCurrentVersion(SetWorkerDeploymentCurrentVersionRequest.newBuilder()
                            .setNamespace(namespace)
                            .setDeploymentName(DEPLOYMENT)
                            .setBuildId(buildId)
                            .setIdentity("worker-versioning-e2e")
                            .build());
        });
    }

    private static <T> T retry(Duration deadline, Supplier<T> call) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            try {
                return call.get();
            } catch (StatusRuntimeException | IllegalStateException e) {
                if (System.nanoTime() > end) {
                    throw new AssertionError("gave up after " + deadline, e);
                }
                Thread.sleep(250);
            }
        }
    }
}

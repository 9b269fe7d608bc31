package io.askflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Readiness of gateway and worker follows the database and Temporal, down and back up. */
class HealthTest {

    static AskflowStack stack;

    @BeforeAll
    static void start() {
        stack = AskflowStack.start();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void readinessGoesDownWithTheDatabaseFileAndRecovers() throws Exception {
        // PostgreSQL going away and coming back is the fault drill's part (infra/local/fault-drill.sh)
        Assumptions.assumeFalse(TestDatabase.isPostgres(), "a SQLite file that goes away");
        assertReady(200);
        Path moved = stack.databaseFile.resolveSibling("moved-away.db");

        Files.move(stack.databaseFile, moved);
        try {
            assertReady(503);
            assertThat(stack.getFromGatewayManagement("/actuator/health/liveness")
                            .status())
                    .isEqualTo(200);
        } finally {
            Files.move(moved, stack.databaseFile);
        }
        assertReady(200);
    }

    @Test
    void readinessGoesDownWithTemporalAndRecovers() {
        assertReady(200);

        stack.stopTemporal();
        try {
            assertReady(503);
        } finally {
            stack.restartTemporal();
        }
        assertReady(200);
    }

    private static void assertReady(int status) {
        eventually(
                () -> stack.getFromGatewayManagement("/actuator/health/readiness")
                        .status(),
                status);
        eventually(() -> stack.getFromWorker("/actuator/health/readiness").status(), status);
    }

    private static void eventually(Supplier<Integer> probe, int expected) {
        int last = -1;
        for (int i = 0; i < 50; i++) {
            last = probe.get();
            if (last == expected) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        assertThat(last).isEqualTo(expected);
    }
}

package io.askflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The restore drill: users' history is backed up with scripts/backup.sh while the service runs, the database
 * is wiped, scripts/restore.sh brings it back, and after a restart of gateway and worker every user finds
 * their history as it was at backup time, no more and no less. Runs on SQLite and, in the suite's PostgreSQL
 * run, on PostgreSQL (pg_dump and pg_restore).
 */
class BackupRestoreTest {

    static ProcessStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = ProcessStack.start();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aBackupTakenWhileRunningRestoresEveryUsersHistory() throws Exception {
        Map<String, String> tokens = new LinkedHashMap<>();
        for (int user = 0; user < 3; user++) {
            tokens.put("user" + user, stack.login(ProcessStack.newUserId()));
        }
        int asked = 0;
        for (String token : tokens.values()) {
            asked++;
            for (int i = 0; i < asked + 1; i++) {
                askAndAwait(token, "Remember question " + i + " of " + asked);
            }
        }
        Map<String, JsonNode> before = histories(tokens);
        assertThat(before.values()).allSatisfy(items -> assertThat(items).isNotEmpty());

        Path backup = stack.dir.resolve("backup.bin");
        run("backup.sh", backup.toString());
        assertThat(backup).isNotEmptyFile();

        // asked after the backup: a restore goes back to the backup's state, so this one is gone afterwards
        String first = tokens.values().iterator().next();
        String late = stack.ask("/ask", first, "Asked after the backup")
                .json()
                .get("id")
                .asText();

        stack.killGateway();
        stack.killWorker();
        stack.database.wipe();
        assertThat(stack.database.tableCount()).isZero();

        run("restore.sh", backup.toString());
        stack.startWorker();
        stack.startGateway();

        assertThat(histories(tokens)).isEqualTo(before);
        assertThat(stack.get("/questions/" + late, first).status()).isEqualTo(404);
        // and the restored service keeps working
        askAndAwait(first, "After the restore");
    }

    private static String askAndAwait(String token, String question) throws Exception {
        ProcessStack.Response accepted = stack.ask("/questions", token, question);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        String id = accepted.json().get("id").asText();
        assertThat(stack.awaitFinal(id, token, Duration.ofSeconds(90))
                        .get("status")
                        .asText())
                .isEqualTo("completed");
        return id;
    }

    private static Map<String, JsonNode> histories(Map<String, String> tokens) throws Exception {
        Map<String, JsonNode> histories = new LinkedHashMap<>();
        for (Map.Entry<String, String> user : tokens.entrySet()) {
            ProcessStack.Response page = stack.get("/history?limit=100", user.getValue());
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            histories.put(user.getKey(), page.json().get("items"));
        }
        return histories;
    }

    private static void run(String script, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(
                Path.of("..", "scripts", script).toAbsolutePath().normalize().toString());
        command.addAll(List.of(args));
        Path output = Files.createTempFile(stack.dir, script, ".log");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("DATABASE_URL", stack.database.url());
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS))
                .as(script + " finished")
                .isTrue();
        assertThat(process.exitValue())
                .as(script + ": " + Files.readString(output))
                .isZero();
    }
}

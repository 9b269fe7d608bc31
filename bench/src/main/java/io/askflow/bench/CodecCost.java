package io.askflow.bench;

import io.askflow.runtime.codec.CodecKeys;
import io.askflow.runtime.codec.EncryptionCodec;
import io.askflow.workflows.AskRequest;
import io.askflow.workflows.activity.Generation;
import io.askflow.workflows.activity.Usage;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the payload codec costs: the time to serialize and deserialize a question's typical payloads through
 * Temporal's data converter with and without AES-256-GCM encryption, in one thread, after a warm-up. Not JMH: a
 * few hundred thousand calls and the fastest of repeated rounds, enough to size the cost against a question's
 * 100 ms.
 *
 * <pre>
 * java -Dloader.main=io.askflow.bench.CodecCost -cp bench/target/askflow-bench-0.1.0-SNAPSHOT-exec.jar \
 *     org.springframework.boot.loader.launch.PropertiesLauncher
 * </pre>
 */
public final class CodecCost {

    private static final int ROUNDS = 10;
    private static final int ITERATIONS = 20_000;

    private CodecCost() {}

    public static void main(String[] args) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        EncryptionCodec codec = new EncryptionCodec(
                CodecKeys.parse("bench:" + Base64.getEncoder().encodeToString(key), ""));
        DataConverter plain = DefaultDataConverter.STANDARD_INSTANCE;

        String question = "How do I make my Spring Boot service survive a crash halfway through a payment? ".repeat(3);
        String answer =
                "A durable workflow records each finished step, so after a crash it resumes from there. ".repeat(20);
        Object request = new AskRequest(
                "ab79c6f3-625e-44d7-a343-9a144f6866a5",
                583231,
                question,
                "c0ffee00-1234-5678-9abc-def012345678",
                "ask",
                1_763_900_000_000L,
                false,
                "0b6f2a4e-5c1d-4f7e-9a0b-3c2d1e0f9a8b");
        Object generation =
                new Generation(answer, "gpt-4o-mini-2024-07-18", new Usage(60, 400, 0, 460), 0.00025, 900, false);

        System.out.printf("payload                   bytes  JSON µs  encrypt µs  decrypt µs%n");
        for (Object[] sample : List.of(
                new Object[] {"question (AskRequest)", request}, new Object[] {"answer (Generation)", generation})) {
            Object value = sample[1];
            Class<?> type = value.getClass();
            List<Payload> payloads = plain.toPayloads(value).orElseThrow().getPayloadsList();
            List<Payload> sealed = codec.encode(payloads);
            double json = fastest(() -> plain.fromPayloads(0, plain.toPayloads(value), type, type));
            double encrypt = fastest(() -> codec.encode(payloads));
            double decrypt = fastest(() -> codec.decode(sealed));
            System.out.printf(
                    "%-24s %6d  %7.2f  %10.2f  %10.2f%n",
                    sample[0], payloads.getFirst().getSerializedSize(), json, encrypt, decrypt);
        }
    }

    /**
     * The fastest of several rounds of the mean µs per call: on a shared machine the minimum is the figure least
     * disturbed by other work.
     */
    private static double fastest(Supplier<Object> call) {
        double best = Double.MAX_VALUE;
        long sink = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < ITERATIONS; i++) {
                sink += System.identityHashCode(call.get());
            }
            best = Math.min(best, (System.nanoTime() - start) / 1_000.0 / ITERATIONS);
        }
        if (sink == 42) {
            System.out.print("");
        }
        return best;
    }
}

package io.askflow.worker;

import io.temporal.testserver.TestServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fallback for machines that cannot run the Temporal CLI's dev server (no Python, no Go): with
 * {@code ASKFLOW_EMBEDDED_TEMPORAL=true} the worker hosts Temporal's in-process test service on a loopback
 * port and the gateway connects to that port. It keeps nothing across a restart and has no UI, so the run
 * command uses it only when it must, and says so. Outside dev a real cluster is required.
 */
final class EmbeddedTemporal {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedTemporal.class);
    static final String TARGET_PROPERTY = "spring.temporal.connection.target";

    private EmbeddedTemporal() {}

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    static void startIfNeeded() {
        String env = System.getenv().getOrDefault("APP_ENV", "dev");
        String address = System.getenv("TEMPORAL_ADDRESS");
        boolean addressGiven = address != null && !address.isBlank() || System.getProperty(TARGET_PROPERTY) != null;
        if (!"dev".equals(env) && !addressGiven) {
            throw new IllegalStateException("TEMPORAL_ADDRESS is required when APP_ENV=" + env);
        }
        if (!Boolean.parseBoolean(System.getenv("ASKFLOW_EMBEDDED_TEMPORAL"))) {
            return;
        }
        if (!"dev".equals(env)) {
            throw new IllegalStateException(
                    "ASKFLOW_EMBEDDED_TEMPORAL is for dev only; APP_ENV=" + env + " needs a real Temporal cluster");
        }
        int port = Integer.parseInt(System.getenv().getOrDefault("ASKFLOW_EMBEDDED_TEMPORAL_PORT", "7233"));
        try {
            // Real time (time skipping locked): the embedded service behaves like a server, not a test clock.
            TestServer.createPortBoundServer(port, true);
        } catch (RuntimeException e) {
            // A half-started gRPC server keeps the JVM alive; say why and leave at once instead.
            log.error(
                    "Cannot start the embedded Temporal service on 127.0.0.1:{} ({}). Is another Temporal "
                            + "server running there? Use it with TEMPORAL_ADDRESS=127.0.0.1:{}, or pick another port with "
                            + "ASKFLOW_EMBEDDED_TEMPORAL_PORT.",
                    port,
                    rootCause(e).getMessage(),
                    port);
            System.exit(2);
        }
        System.setProperty(TARGET_PROPERTY, "127.0.0.1:" + port);
        log.warn(
                "ASKFLOW_EMBEDDED_TEMPORAL: started the embedded, in-memory Temporal test service on 127.0.0.1:{} "
                        + "(dev only; questions in flight are lost when the worker stops, and there is no Temporal UI)",
                port);
    }
}

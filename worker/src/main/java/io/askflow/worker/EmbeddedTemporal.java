package io.askflow.worker;

import io.askflow.runtime.AppEnvironment;
import io.temporal.testserver.TestServer;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * A fallback for machines that cannot run the Temporal CLI's dev server (no Python, no Go): with
 * {@code askflow.embedded-temporal.enabled} (ASKFLOW_EMBEDDED_TEMPORAL=true) the worker hosts Temporal's
 * in-process test service on a loopback port, connects to it, and the gateway connects to that port. It
 * keeps nothing across a restart and has no UI, so the run command uses it only when it must, and says so.
 * Dev only. It starts before any bean, so the Temporal starter finds a server to connect to.
 */
class EmbeddedTemporal implements EnvironmentPostProcessor, Ordered {

    static final String ENABLED = "askflow.embedded-temporal.enabled";
    static final String PORT = "askflow.embedded-temporal.port";
    static final String TARGET = "spring.temporal.connection.target";

    private final Log log;

    EmbeddedTemporal(DeferredLogFactory logs) {
        this.log = logs.getLog(EmbeddedTemporal.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getProperty(ENABLED, Boolean.class, false)) {
            return;
        }
        AppEnvironment env = AppEnvironment.of(environment);
        if (!env.isDev()) {
            throw new IllegalStateException("ASKFLOW_EMBEDDED_TEMPORAL is for dev only; APP_ENV=" + env.profile()
                    + " needs a real Temporal cluster (TEMPORAL_ADDRESS)");
        }
        int port = environment.getProperty(PORT, Integer.class, 7233);
        try {
            // Real time (time skipping locked): the embedded service behaves like a server, not a test clock.
            TestServer.createPortBoundServer(port, true);
        } catch (RuntimeException e) {
            // A half-started gRPC server keeps the JVM alive, and logging is not set up yet: say why, leave.
            System.err.printf(
                    "Cannot start the embedded Temporal service on 127.0.0.1:%d (%s). Is another Temporal server"
                            + " running there? Use it with TEMPORAL_ADDRESS=127.0.0.1:%d, or pick another port with"
                            + " ASKFLOW_EMBEDDED_TEMPORAL_PORT.%n",
                    port, rootCause(e).getMessage(), port);
            System.exit(2);
        }
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource("askflow-embedded-temporal", Map.of(TARGET, "127.0.0.1:" + port)));
        log.warn("ASKFLOW_EMBEDDED_TEMPORAL: started the embedded, in-memory Temporal test service on 127.0.0.1:"
                + port + " (dev only; questions in flight are lost when the worker stops, and there is no"
                + " Temporal UI)");
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    @Override
    public int getOrder() {
        // after the configuration files are read, before the guard checks that a Temporal address is set
        return Ordered.LOWEST_PRECEDENCE - 10;
    }
}

package io.askflow.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Refuses to start a staging or production gateway that would quietly fall back to a dev default: no
 * generated secret, no embedded Temporal, no sign-in without GitHub. Runs before any bean is created, so
 * the message is the first and only error.
 */
class EnvironmentGuard implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    static final Set<String> ENVIRONMENTS = Set.of("dev", "staging", "production");

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        ConfigurableEnvironment environment = event.getEnvironment();
        String env = environment.getProperty("askflow.env", "dev");
        if (!ENVIRONMENTS.contains(env)) {
            throw new IllegalStateException("APP_ENV must be dev, staging or production, not '" + env + "'");
        }
        if ("dev".equals(env)) {
            return;
        }
        List<String> missing = new ArrayList<>();
        require(environment, "askflow.auth.jwt-secret", "JWT_SECRET", missing);
        require(environment, "askflow.auth.github.client-id", "GITHUB_CLIENT_ID", missing);
        require(environment, "askflow.auth.github.client-secret", "GITHUB_CLIENT_SECRET", missing);
        require(environment, "spring.temporal.connection.target", "TEMPORAL_ADDRESS", missing);
        if (!missing.isEmpty()) {
            throw new IllegalStateException("APP_ENV=" + env + " needs " + String.join(", ", missing)
                    + " (dev defaults such as a generated secret or the embedded Temporal service are refused)");
        }
    }

    private static void require(
            ConfigurableEnvironment environment, String property, String variable, List<String> missing) {
        String value = environment.getProperty(property);
        if (value == null || value.isBlank()) {
            missing.add(variable);
        }
    }
}

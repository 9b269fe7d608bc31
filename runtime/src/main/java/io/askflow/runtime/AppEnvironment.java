package io.askflow.runtime;

import java.util.Locale;
import org.springframework.core.env.Environment;

/**
 * Which environment a process runs in: the one answer to "is this dev?". It comes from {@code APP_ENV}
 * (bound to {@link #PROPERTY} in askflow-runtime.yml) and is also the active Spring profile. Dev allows the
 * dev defaults (a generated signing secret, the stub model, the dev sign-in, the in-memory Temporal);
 * staging and production refuse to start without the real thing.
 */
public enum AppEnvironment {
    DEV,
    STAGING,
    PRODUCTION;

    /** The property that holds the environment's name. */
    public static final String PROPERTY = "askflow.env";

    public static AppEnvironment of(Environment environment) {
        return parse(environment.getProperty(PROPERTY, "dev"));
    }

    static AppEnvironment parse(String name) {
        for (AppEnvironment candidate : values()) {
            if (candidate.profile().equals(name)) {
                return candidate;
            }
        }
        throw new IllegalStateException("APP_ENV must be dev, staging or production, not '" + name + "'");
    }

    public boolean isDev() {
        return this == DEV;
    }

    /** The name used in APP_ENV, the Spring profile and the tokens' issuer. */
    public String profile() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package io.askflow.gateway.security;

import io.askflow.gateway.GatewayProperties;
import io.askflow.runtime.AppEnvironment;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys of this environment: the newest signs, all of them verify. Rotation: make the current secret
 * a previous one, set a new current one, and remove the previous one once its tokens have expired.
 */
record SigningKeys(SigningKey current, List<SigningKey> verifying) {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

    static SigningKeys from(GatewayProperties.Auth auth, AppEnvironment environment) {
        SigningKey current;
        if (auth.jwtSecret() == null || auth.jwtSecret().isBlank()) {
            if (!environment.isDev()) {
                throw new IllegalStateException("JWT_SECRET is required when APP_ENV=" + environment.profile()
                        + " (at least " + SigningKey.MIN_SECRET_BYTES + " bytes, its own per environment)");
            }
            byte[] generated = new byte[SigningKey.MIN_SECRET_BYTES];
            new SecureRandom().nextBytes(generated);
            current = SigningKey.of(generated);
            log.warn("No JWT_SECRET: generated a random signing secret for this run (dev only); "
                    + "tokens stop working when the gateway restarts");
        } else {
            current = SigningKey.of(auth.jwtSecret());
        }
        List<SigningKey> verifying = new ArrayList<>();
        verifying.add(current);
        auth.previousJwtSecrets().stream().map(SigningKey::of).forEach(verifying::add);
        log.info(
                "Token keys: signing with kid {}, verifying kids {}",
                current.keyId(),
                verifying.stream().map(SigningKey::keyId).toList());
        return new SigningKeys(current, List.copyOf(verifying));
    }
}

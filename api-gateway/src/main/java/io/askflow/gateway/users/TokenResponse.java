package io.askflow.gateway.users;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** The answer of every sign-in: a bearer token for this environment and whom it names. */
public record TokenResponse(
        String token, @Schema(allowableValues = "Bearer") String tokenType, Instant expiresAt, UserView user) {}

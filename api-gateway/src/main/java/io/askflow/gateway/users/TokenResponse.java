package io.askflow.gateway.users;

import java.time.Instant;

/** The answer of every sign-in: a bearer token for this environment and whom it names. */
public record TokenResponse(String token, String tokenType, Instant expiresAt, UserView user) {}

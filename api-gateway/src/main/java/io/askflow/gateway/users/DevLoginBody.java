package io.askflow.gateway.users;

/** Body of {@code POST /auth/dev-login}: whom to sign in as. */
public record DevLoginBody(String login, Long id) {}

package io.askflow.gateway.users;

/** A user as shown over HTTP: GitHub's numeric id and the current login. */
public record UserView(long id, String login) {}

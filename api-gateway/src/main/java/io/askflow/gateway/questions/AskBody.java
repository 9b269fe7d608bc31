package io.askflow.gateway.questions;

/** Body of {@code POST /ask} and {@code POST /questions}. */
public record AskBody(String question) {}

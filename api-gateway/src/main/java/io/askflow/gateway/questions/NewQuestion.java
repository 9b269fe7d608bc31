package io.askflow.gateway.questions;

/** A question as accepted by the gateway, before any step ran. */
record NewQuestion(
        String id, long userId, String login, String text, String idempotencyKey, String requestId, long createdAt) {}

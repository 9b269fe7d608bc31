package io.askflow.gateway.questions;

import io.askflow.gateway.security.CurrentUser;

/**
 * A validated question submission, as {@code POST /ask} and {@code POST /questions} both take it.
 *
 * @param user the asker
 * @param question the question text, trimmed and within limits
 * @param idempotencyKey the Idempotency-Key header, or null
 * @param requestId the request id
 * @param skipCache true for {@code Cache-Control: no-cache}
 */
record Submission(CurrentUser user, String question, String idempotencyKey, String requestId, boolean skipCache) {}

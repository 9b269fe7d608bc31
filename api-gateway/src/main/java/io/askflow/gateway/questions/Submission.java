package io.askflow.gateway.questions;

import io.askflow.gateway.security.CurrentUser;
import io.askflow.workflows.AskRequest;

/**
 * A validated question, as {@code POST /ask} and {@code POST /questions} both take it: the workflow's input,
 * made once here, is what the gateway stores and what the workflow receives.
 *
 * @param user the asker
 * @param idempotencyKey the Idempotency-Key header, or null
 * @param request the question as the workflow will see it, with a new id and the time of acceptance
 * @param newConversation true when the question starts its conversation (its id is new); false when it
 *     continues one, which must then be the user's
 */
record Submission(CurrentUser user, String idempotencyKey, AskRequest request, boolean newConversation) {}

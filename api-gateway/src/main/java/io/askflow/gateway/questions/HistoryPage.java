package io.askflow.gateway.questions;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of a user's history, newest first.
 *
 * @param items the questions (without per-step progress; fetch a question for that)
 * @param nextCursor pass as {@code cursor} for the next page; null on the last page
 */
public record HistoryPage(
        List<QuestionResource> items, @Nullable String nextCursor) {}

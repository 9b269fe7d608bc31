package io.askflow.workflows.activity;

/** Input of CheckQuota. */
public record QuotaRequest(String questionId, long userId) {}

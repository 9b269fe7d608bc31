-- Users are keyed on GitHub's numeric, immutable id; the login is kept only for display.
CREATE TABLE users (
    id          BIGINT PRIMARY KEY,
    login       TEXT   NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);

-- One row per question, written by the gateway when it accepts the question (status queued) and brought
-- to its final state by the SaveAnswer step. Times are epoch milliseconds (UTC).
CREATE TABLE questions (
    id                 TEXT   PRIMARY KEY,
    user_id            BIGINT NOT NULL REFERENCES users (id),
    idempotency_key    TEXT,
    request_id         TEXT   NOT NULL,
    question           TEXT   NOT NULL,
    status             TEXT   NOT NULL,
    answer             TEXT,
    model              TEXT,
    cached             BOOLEAN NOT NULL DEFAULT FALSE,
    prompt_tokens      BIGINT,
    completion_tokens  BIGINT,
    cached_tokens      BIGINT,
    total_tokens       BIGINT,
    cost_usd           DOUBLE PRECISION,
    error_code         TEXT,
    error_message      TEXT,
    created_at         BIGINT NOT NULL,
    completed_at       BIGINT,
    CONSTRAINT questions_status_check CHECK (status IN ('queued', 'running', 'completed', 'failed', 'rejected')),
    -- the same user sending the same Idempotency-Key gets the same question
    CONSTRAINT questions_idempotency UNIQUE (user_id, idempotency_key)
);

-- History: a user's questions, newest first, keyset-paginated on (created_at, id).
CREATE INDEX questions_user_history ON questions (user_id, created_at DESC, id DESC);

-- Per-step progress, written by the worker around every attempt of every step.
CREATE TABLE question_steps (
    question_id   TEXT    NOT NULL REFERENCES questions (id),
    step          TEXT    NOT NULL,
    status        TEXT    NOT NULL,
    attempts      INTEGER NOT NULL,
    started_at    BIGINT,
    finished_at   BIGINT,
    last_failure  TEXT,
    PRIMARY KEY (question_id, step),
    CONSTRAINT question_steps_status_check CHECK (status IN ('running', 'retrying', 'completed', 'failed'))
);

-- Admissions counted by CheckQuota; the question id as key makes a retried check charge once.
CREATE TABLE quota_admissions (
    question_id  TEXT   PRIMARY KEY REFERENCES questions (id),
    user_id      BIGINT NOT NULL,
    admitted_at  BIGINT NOT NULL
);

CREATE INDEX quota_admissions_user_time ON quota_admissions (user_id, admitted_at);

-- Append-only telemetry, one event per question, written after the reply.
CREATE TABLE telemetry_events (
    question_id          TEXT    PRIMARY KEY REFERENCES questions (id),
    request_id           TEXT    NOT NULL,
    user_id              BIGINT  NOT NULL,
    endpoint             TEXT    NOT NULL,
    question_length      INTEGER NOT NULL,
    status               TEXT    NOT NULL,
    answer_length        INTEGER NOT NULL,
    cached               BOOLEAN NOT NULL,
    model                TEXT,
    model_latency_ms     BIGINT  NOT NULL,
    queue_latency_ms     BIGINT  NOT NULL,
    total_latency_ms     BIGINT  NOT NULL,
    prompt_tokens        BIGINT  NOT NULL,
    completion_tokens    BIGINT  NOT NULL,
    cached_tokens        BIGINT  NOT NULL,
    total_tokens         BIGINT  NOT NULL,
    cost_usd             DOUBLE PRECISION,
    recorded_at          BIGINT  NOT NULL
);

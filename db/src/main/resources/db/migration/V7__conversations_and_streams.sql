-- Conversations: every question belongs to one; a question asked without a conversation starts its own.
-- Listed newest activity first, keyset-paginated on (updated_at, id).
CREATE TABLE conversations (
    id          TEXT   PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users (id),
    title       TEXT   NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);

CREATE INDEX conversations_user_recent ON conversations (user_id, updated_at DESC, id DESC);

-- Questions asked before conversations existed each become a conversation of one, under the question's id.
INSERT INTO conversations (id, user_id, title, created_at, updated_at)
SELECT id, user_id, substr(question, 1, 80), created_at, created_at FROM questions;

ALTER TABLE questions ADD COLUMN conversation_id TEXT REFERENCES conversations (id);
UPDATE questions SET conversation_id = id;
CREATE INDEX questions_conversation ON questions (conversation_id, created_at, id);

-- A question's stream of events (step, delta, retry, done), offsets 1, 2, 3... The counter, the attempt whose
-- deltas are current, and whether the stream is closed (its done event written) live on the question's row:
-- an append takes that row's lock to number its event, so events commit in offset order, without gaps, and
-- an append to a closed stream or from a superseded attempt is refused in the same statement.
ALTER TABLE questions ADD COLUMN stream_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE questions ADD COLUMN stream_attempt INTEGER NOT NULL DEFAULT 0;
ALTER TABLE questions ADD COLUMN stream_closed BOOLEAN NOT NULL DEFAULT FALSE;

-- Questions already final have no recorded events: their stream is closed, its done event at offset 1.
UPDATE questions SET stream_seq = 1, stream_closed = TRUE WHERE status IN ('completed', 'failed', 'rejected');

CREATE TABLE question_events (
    question_id  TEXT    NOT NULL REFERENCES questions (id),
    seq          BIGINT  NOT NULL,
    kind         TEXT    NOT NULL,
    data         TEXT    NOT NULL,
    created_at   BIGINT  NOT NULL,
    PRIMARY KEY (question_id, seq),
    CONSTRAINT question_events_kind_check CHECK (kind IN ('step', 'delta', 'retry', 'done'))
);

CREATE INDEX question_events_age ON question_events (created_at);

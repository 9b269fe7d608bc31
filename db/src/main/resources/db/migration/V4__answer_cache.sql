-- Exact-match answer cache shared by every worker: key = SHA-256 of the model and the normalised question.
CREATE TABLE answer_cache (
    cache_key   TEXT   PRIMARY KEY,
    answer      TEXT   NOT NULL,
    model       TEXT   NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);

CREATE INDEX answer_cache_expiry ON answer_cache (expires_at);

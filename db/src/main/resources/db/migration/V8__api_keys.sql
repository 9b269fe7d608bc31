-- Personal API keys for programs. Only the SHA-256 of a key is kept (the key itself is 256 random bits,
-- shown once at creation): a copy of this table lets nobody call the API. A revoked key keeps its row, with
-- revoked_at set, so the audit trail still says which keys a user had; the lookup ignores it at once.
CREATE TABLE api_keys (
    id            TEXT   PRIMARY KEY,
    user_id       BIGINT NOT NULL REFERENCES users (id),
    name          TEXT   NOT NULL,
    key_hash      TEXT   NOT NULL UNIQUE,
    key_hint      TEXT   NOT NULL,
    created_at    BIGINT NOT NULL,
    last_used_at  BIGINT,
    revoked_at    BIGINT
);

CREATE INDEX api_keys_user ON api_keys (user_id, created_at);

-- Pending GitHub sign-ins, keyed by the OAuth state: kept in the database (not a server session) so the
-- callback may reach any gateway, and deleted when used, so a state and its code work once.
CREATE TABLE oauth_states (
    state       TEXT   PRIMARY KEY,
    request     TEXT   NOT NULL,
    expires_at  BIGINT NOT NULL
);

CREATE INDEX oauth_states_expiry ON oauth_states (expires_at);

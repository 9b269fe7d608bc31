-- A question can be cancelled by its owner. (The same change for SQLite is in db/vendor/sqlite.)
ALTER TABLE questions DROP CONSTRAINT questions_status_check;
ALTER TABLE questions ADD CONSTRAINT questions_status_check
    CHECK (status IN ('queued', 'running', 'completed', 'failed', 'rejected', 'cancelled'));

-- What the housekeeping schedules look up: questions still queued (a partial index, so it stays as small as
-- the queue), and telemetry events and quota admissions by age.
CREATE INDEX questions_queued ON questions (created_at) WHERE status = 'queued';
CREATE INDEX telemetry_events_age ON telemetry_events (recorded_at);
CREATE INDEX quota_admissions_age ON quota_admissions (admitted_at);

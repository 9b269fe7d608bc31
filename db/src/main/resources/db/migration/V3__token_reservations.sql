-- Token budgets: CheckQuota reserves an estimate with each admission; SaveAnswer settles it to the real
-- usage; the workflow releases it when the model step fails for good. A day's charge per user is the sum of
-- open reservations and settled usage of admissions made that UTC day.
ALTER TABLE quota_admissions ADD COLUMN reserved_tokens BIGINT NOT NULL DEFAULT 0;
ALTER TABLE quota_admissions ADD COLUMN used_tokens BIGINT;
ALTER TABLE quota_admissions ADD COLUMN state TEXT NOT NULL DEFAULT 'reserved';

-- Spend in USD, reserved at admission (an upper bound of the question's cost) and settled to the real cost
-- with the answer, like tokens; released reservations count nothing.
ALTER TABLE quota_admissions ADD COLUMN reserved_usd DOUBLE PRECISION NOT NULL DEFAULT 0;
ALTER TABLE quota_admissions ADD COLUMN used_usd DOUBLE PRECISION;

-- A voided event stays in the log, marked with the seq of the void that took it back; folds and
-- reads of aggregates leave it out (see src/core/void-target.ts). Adding a nullable column without
-- a default rewrites nothing.
ALTER TABLE events ADD COLUMN voided_by bigint;

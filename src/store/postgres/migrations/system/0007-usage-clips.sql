-- Clips collected per profile and UTC day; days counted before it have none.
ALTER TABLE usage_daily ADD COLUMN clips bigint NOT NULL DEFAULT 0;

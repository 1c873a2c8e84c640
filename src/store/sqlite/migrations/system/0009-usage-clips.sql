-- Clips collected per profile and UTC day; days counted before it have none.
ALTER TABLE usage_daily ADD COLUMN clips INTEGER NOT NULL DEFAULT 0;

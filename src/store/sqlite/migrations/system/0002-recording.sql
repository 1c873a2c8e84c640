-- Whether each stream is being recorded (set by the clipper or the dashboard).
ALTER TABLE streams ADD COLUMN recording INTEGER NOT NULL DEFAULT 0;

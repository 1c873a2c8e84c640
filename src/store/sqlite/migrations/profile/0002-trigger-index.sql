-- Recent triggers are read at start (the live dashboard's recent_triggers); a partial index keeps
-- that read fast without costing other events anything.
CREATE INDEX events_triggers ON events (seq) WHERE kind = 'trigger';

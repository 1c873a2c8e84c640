-- A batch's session viewer totals are COPYed here, then merged into session_viewers by one
-- INSERT ... SELECT and emptied, all inside the batch's transaction (under the profile's append
-- lock, so one transaction at a time uses it). COPY costs the server a fraction of what passing
-- the rows as array parameters does. Unlogged: it is empty whenever a transaction ends, so there
-- is nothing to log or to recover. The same columns, without their NOT NULL: a counter that no
-- row of a batch moved is not sent.
CREATE UNLOGGED TABLE session_viewers_stage AS SELECT * FROM session_viewers WITH NO DATA;

-- Events longer than a day get an index of their own, as the longest ones did (migration 007):
-- the calendar now finds the others by a range of start times that looks back one day, not 31,
-- so a window starting now reads the day before it instead of the month before it. The WHERE
-- clause repeats MULTI_DAY_MS of node/storage/event-window.ts (a day in milliseconds), which
-- queries must state word for word for SQLite to use this index.
CREATE INDEX events_multiday_window ON events (start_ms, end_ms, id) WHERE deleted_at IS NULL AND end_ms - start_ms > 86400000;

-- Events longer than 31 days (an exhibition, a festival sent by another server) get a small
-- index of their own: the calendar finds other events by a range of start times that looks back
-- only 31 days, and these among the few long ones. The WHERE clause repeats LONG_EVENT_MS of
-- node/storage/event-window.ts (31 days in milliseconds), which queries must state word for
-- word for SQLite to use this index.
CREATE INDEX events_long_window ON events (start_ms, end_ms, id) WHERE deleted_at IS NULL AND end_ms - start_ms > 2678400000;

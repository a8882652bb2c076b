-- The live all-day events by start: a day's count on the home page is the events that begin
-- that day, all-day ones apart (they belong to the day of their own zone), and with this index
-- both counts read an index alone. node/storage/calendar-store.ts writes `e.all_day = 1` word
-- for word, as SQLite uses a partial index only for a query that says its condition.
CREATE INDEX events_all_day_start ON events (start_ms, id) WHERE deleted_at IS NULL AND all_day = 1;

-- The calendar picks a page of events from an index alone (start, end and id are in it), then
-- reads only that page's rows; its total is counted from the index too. The old indexes are
-- prefixes of these and would otherwise be preferred by the planner.
DROP INDEX events_live_start;
DROP INDEX events_actor_start;
CREATE INDEX events_live_window ON events (start_ms, end_ms, id) WHERE deleted_at IS NULL;
CREATE INDEX events_actor_window ON events (actor_id, start_ms, end_ms, id) WHERE deleted_at IS NULL;

-- A tag's calendar (its iCalendar feed, its page) is chosen from the tag's own rows in start
-- order: each row carries its event's start and end, and an index (tag, start, id, end) gives
-- the window as a range, so a page stops at its limit and a count reads the index alone. Before,
-- every tagged event was looked up by its text id only to learn its times. Rows exist only for
-- live events (a deleted event's tags are removed); long events (over 31 days, as in migration
-- 007) have a partial index of their own, whose WHERE clause node/storage/event-window.ts
-- repeats word for word.
CREATE TABLE event_tags_window (
  event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  tag TEXT NOT NULL COLLATE NOCASE,
  start_ms INTEGER NOT NULL,
  end_ms INTEGER,
  PRIMARY KEY (tag, event_id)
) WITHOUT ROWID;
INSERT INTO event_tags_window (event_id, tag, start_ms, end_ms)
  SELECT t.event_id, t.tag, e.start_ms, e.end_ms FROM event_tags t JOIN events e ON e.id = t.event_id WHERE e.deleted_at IS NULL;
DROP TABLE event_tags;
ALTER TABLE event_tags_window RENAME TO event_tags;
CREATE INDEX event_tags_event ON event_tags (event_id);
CREATE INDEX event_tags_start ON event_tags (tag, start_ms, event_id, end_ms);
CREATE INDEX event_tags_long ON event_tags (tag, start_ms, event_id, end_ms) WHERE end_ms - start_ms > 2678400000;

-- Dropped with the old table (migration 006): the counter the answer caches key on.
CREATE TRIGGER event_tags_inserted AFTER INSERT ON event_tags BEGIN UPDATE content_version SET n = n + 1; END;
CREATE TRIGGER event_tags_deleted AFTER DELETE ON event_tags BEGIN UPDATE content_version SET n = n + 1; END;

-- Whichever process writes an event's times or deletes it, its tag rows follow.
CREATE TRIGGER event_times_to_tags AFTER UPDATE OF start_ms, end_ms ON events
  WHEN NEW.start_ms IS NOT OLD.start_ms OR NEW.end_ms IS NOT OLD.end_ms BEGIN
  UPDATE event_tags SET start_ms = NEW.start_ms, end_ms = NEW.end_ms WHERE event_id = NEW.id;
END;
CREATE TRIGGER event_deleted_drops_tags AFTER UPDATE OF deleted_at ON events WHEN NEW.deleted_at IS NOT NULL BEGIN
  DELETE FROM event_tags WHERE event_id = NEW.id;
END;

-- A counter that moves only when what the calendar, pages and feeds show changes (events, their
-- tags, projects, cantines). Their answer caches key on it: Fedify's key-value and queue writes,
-- which never change what they show, no longer drop them. Triggers keep it true for every
-- writer, the CLI included.
CREATE TABLE content_version (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  n INTEGER NOT NULL
);
INSERT INTO content_version (id, n) VALUES (1, 0);

CREATE TRIGGER events_inserted AFTER INSERT ON events BEGIN UPDATE content_version SET n = n + 1; END;
CREATE TRIGGER events_updated AFTER UPDATE ON events BEGIN UPDATE content_version SET n = n + 1; END;
CREATE TRIGGER events_deleted AFTER DELETE ON events BEGIN UPDATE content_version SET n = n + 1; END;
CREATE TRIGGER event_tags_inserted AFTER INSERT ON event_tags BEGIN UPDATE content_version SET n = n + 1; END;
CREATE TRIGGER event_tags_deleted AFTER DELETE ON event_tags BEGIN UPDATE content_version SET n = n + 1; END;
CREATE TRIGGER projects_inserted AFTER INSERT ON projects BEGIN UPDATE content_version SET n = n + 1; END;
CREATE TRIGGER projects_updated AFTER UPDATE ON projects BEGIN UPDATE content_version SET n = n + 1; END;
CREATE TRIGGER projects_deleted AFTER DELETE ON projects BEGIN UPDATE content_version SET n = n + 1; END;
CREATE TRIGGER cantines_inserted AFTER INSERT ON cantines BEGIN UPDATE content_version SET n = n + 1; END;
CREATE TRIGGER cantines_updated AFTER UPDATE ON cantines BEGIN UPDATE content_version SET n = n + 1; END;
CREATE TRIGGER cantines_deleted AFTER DELETE ON cantines BEGIN UPDATE content_version SET n = n + 1; END;

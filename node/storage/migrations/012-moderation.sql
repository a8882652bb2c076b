-- Blocks of a domain or an actor, with Mastodon's domain-block fields so that an imported list
-- exports unchanged. seq keeps the order they were made (and the order of an imported file).
CREATE TABLE blocks (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL CHECK (kind IN ('domain', 'actor')),
  target TEXT NOT NULL,          -- lowercase host[:port], or an actor id
  severity TEXT NOT NULL CHECK (severity IN ('suspend', 'silence', 'noop')),
  reject_media INTEGER NOT NULL DEFAULT 0,
  reject_reports INTEGER NOT NULL DEFAULT 0,
  public_comment TEXT,
  reason TEXT,                   -- the operator's private note
  obfuscate INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  UNIQUE (kind, target)
);

-- Remote items this node does not show, by their ActivityPub id: the list survives the item
-- being sent again, pruned or purged and received anew.
CREATE TABLE hidden_items (
  ap_id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('event', 'project', 'reply')),
  label TEXT NOT NULL,
  reason TEXT,
  hidden_at TEXT NOT NULL,
  hidden_by TEXT NOT NULL
);

-- The flag every query reads. Triggers keep it equal to the list for every writer (the CLI
-- included) and for items that arrive after they were hidden. The calendar leaves hidden events
-- out by id through the small partial index, so its page is still chosen from the covering
-- window indexes alone.
ALTER TABLE events ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;
ALTER TABLE projects ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;
ALTER TABLE replies ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;
CREATE INDEX events_hidden ON events (id) WHERE hidden = 1;

CREATE TRIGGER hidden_items_added AFTER INSERT ON hidden_items BEGIN
  UPDATE events SET hidden = 1 WHERE ap_id = NEW.ap_id;
  UPDATE projects SET hidden = 1 WHERE ap_id = NEW.ap_id;
  UPDATE replies SET hidden = 1 WHERE ap_id = NEW.ap_id;
END;
CREATE TRIGGER hidden_items_removed AFTER DELETE ON hidden_items BEGIN
  UPDATE events SET hidden = 0 WHERE ap_id = OLD.ap_id;
  UPDATE projects SET hidden = 0 WHERE ap_id = OLD.ap_id;
  UPDATE replies SET hidden = 0 WHERE ap_id = OLD.ap_id;
END;
CREATE TRIGGER events_arrive_hidden AFTER INSERT ON events WHEN EXISTS (SELECT 1 FROM hidden_items WHERE ap_id = NEW.ap_id) BEGIN
  UPDATE events SET hidden = 1 WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER projects_arrive_hidden AFTER INSERT ON projects WHEN EXISTS (SELECT 1 FROM hidden_items WHERE ap_id = NEW.ap_id) BEGIN
  UPDATE projects SET hidden = 1 WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER replies_arrive_hidden AFTER INSERT ON replies WHEN EXISTS (SELECT 1 FROM hidden_items WHERE ap_id = NEW.ap_id) BEGIN
  UPDATE replies SET hidden = 1 WHERE rowid = NEW.rowid;
END;

-- Flag reports received from other servers.
CREATE TABLE reports (
  id TEXT PRIMARY KEY,
  activity_id TEXT NOT NULL UNIQUE,
  reporter_id TEXT NOT NULL,
  object_ids TEXT NOT NULL,      -- JSON array
  comment TEXT NOT NULL,
  received_at TEXT NOT NULL,
  resolved_at TEXT,
  resolved_by TEXT
);
CREATE INDEX reports_received ON reports (received_at);

-- Every moderation action: who (an operator token's name, or "cli"), what, when. Append only.
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  who TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  details TEXT NOT NULL          -- JSON object
);

-- Cantines: the local one and every remote actor whose events and projects we hold.
CREATE TABLE cantines (
  actor_id TEXT PRIMARY KEY,
  local INTEGER NOT NULL DEFAULT 0,
  handle TEXT,
  name TEXT NOT NULL,
  city TEXT,
  country TEXT,
  timezone TEXT,
  url TEXT,
  icon TEXT,
  actor_type TEXT,
  inbox TEXT NOT NULL DEFAULT '',
  shared_inbox TEXT,
  outbox TEXT,
  follow_state TEXT NOT NULL DEFAULT 'none' CHECK (follow_state IN ('none', 'pending', 'accepted', 'rejected')),
  follow_id TEXT,
  followed_at TEXT,
  last_sync_at TEXT,
  last_refresh_at TEXT,
  last_error TEXT
);
CREATE INDEX cantines_city ON cantines (city COLLATE NOCASE);

-- Who relayed (Announced) a remote event or project to us: "via San Francisco".
ALTER TABLE events ADD COLUMN via_actor_id TEXT;
ALTER TABLE events ADD COLUMN summary TEXT;
ALTER TABLE projects ADD COLUMN via_actor_id TEXT;

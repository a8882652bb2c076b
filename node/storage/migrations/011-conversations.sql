-- Replies to our events and projects from anywhere in the fediverse, shown under them. A deleted
-- reply keeps its row as a tombstone (deleted_at) so that a late copy of its Create is refused.
CREATE TABLE replies (
  id TEXT PRIMARY KEY,
  ap_id TEXT NOT NULL UNIQUE,
  url TEXT,
  target_type TEXT NOT NULL CHECK (target_type IN ('Event', 'Article')),
  target_ap_id TEXT NOT NULL,    -- the id of our event or project it answers
  author_id TEXT NOT NULL,
  author_name TEXT,
  author_handle TEXT,
  author_url TEXT,
  author_icon TEXT,              -- http(s) avatar URL, or NULL
  content_html TEXT NOT NULL,    -- sanitised, bounded
  mentions_us INTEGER NOT NULL DEFAULT 0,
  published_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  received_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE INDEX replies_target ON replies (target_ap_id, published_at) WHERE deleted_at IS NULL;
CREATE INDEX replies_author ON replies (author_id);
CREATE INDEX replies_mentions ON replies (published_at) WHERE mentions_us = 1 AND deleted_at IS NULL;

-- Likes and boosts (Announce) of our events and projects: one per actor, kind and object.
CREATE TABLE reactions (
  activity_id TEXT PRIMARY KEY,  -- the Like or Announce: an Undo names it
  kind TEXT NOT NULL CHECK (kind IN ('like', 'announce')),
  actor_id TEXT NOT NULL,
  target_ap_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (target_ap_id, kind, actor_id)
);
CREATE INDEX reactions_actor ON reactions (actor_id);

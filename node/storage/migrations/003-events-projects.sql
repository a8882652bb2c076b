-- Events, local and remote, in one table so the calendar is one indexed range query.
-- Times are UTC epoch milliseconds plus the IANA zone they were given in.
CREATE TABLE events (
  id TEXT PRIMARY KEY,
  ap_id TEXT NOT NULL UNIQUE,
  url TEXT NOT NULL,
  local INTEGER NOT NULL,
  actor_id TEXT NOT NULL,
  title TEXT NOT NULL,
  description TEXT,
  description_html TEXT NOT NULL,
  start_ms INTEGER NOT NULL,
  end_ms INTEGER,
  timezone TEXT NOT NULL,
  all_day INTEGER NOT NULL,
  location TEXT,                 -- JSON EventLocation
  organizer TEXT,
  tags TEXT NOT NULL,            -- JSON array, also in event_tags for filtering
  image TEXT,                    -- JSON EventImage
  language TEXT,
  status TEXT NOT NULL,
  capacity INTEGER,
  registration_url TEXT,
  category TEXT,
  series_id TEXT,
  occurrence_date TEXT,          -- local date of an occurrence within its series
  detached INTEGER NOT NULL DEFAULT 0,
  published_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  sequence INTEGER NOT NULL DEFAULT 0,
  deleted_at TEXT                -- tombstone: the id is never reused, its URL answers 410
);
CREATE INDEX events_live_start ON events (start_ms) WHERE deleted_at IS NULL;
CREATE INDEX events_actor_start ON events (actor_id, start_ms) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX events_series_occurrence ON events (series_id, occurrence_date) WHERE series_id IS NOT NULL;

CREATE TABLE event_tags (
  event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  tag TEXT NOT NULL COLLATE NOCASE,
  PRIMARY KEY (tag, event_id)
) WITHOUT ROWID;
CREATE INDEX event_tags_event ON event_tags (event_id);

-- A recurring series: the operator's input and rule; its occurrences are rows of `events`.
CREATE TABLE event_series (
  id TEXT PRIMARY KEY,
  input TEXT NOT NULL,           -- JSON EventInput (with the recurrence)
  recurrence TEXT NOT NULL,
  timezone TEXT NOT NULL,
  horizon_until TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);

CREATE TABLE projects (
  id TEXT PRIMARY KEY,
  ap_id TEXT NOT NULL UNIQUE,
  url TEXT NOT NULL,
  local INTEGER NOT NULL,
  actor_id TEXT NOT NULL,
  title TEXT NOT NULL,
  summary TEXT NOT NULL,
  description TEXT,
  description_html TEXT NOT NULL,
  stage TEXT NOT NULL,
  looking_for TEXT NOT NULL,     -- JSON array
  cities TEXT NOT NULL,          -- JSON array
  tags TEXT NOT NULL,            -- JSON array
  links TEXT NOT NULL,           -- JSON array of {name, url}
  contact TEXT,
  language TEXT,
  published_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  sequence INTEGER NOT NULL DEFAULT 0,
  deleted_at TEXT
);
CREATE INDEX projects_live_published ON projects (published_at) WHERE deleted_at IS NULL;

-- The publication log: every activity about our objects, written in the same transaction as
-- the change; federated_at is set once the activity is in the delivery queue.
CREATE TABLE publications (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  activity_id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL CHECK (type IN ('Create', 'Update', 'Delete', 'Announce')),
  object_type TEXT NOT NULL CHECK (object_type IN ('Event', 'Article')),
  object_id TEXT NOT NULL,
  object_ap_id TEXT NOT NULL,
  snapshot TEXT,                 -- JSON of the object at this version; NULL for Delete
  audience TEXT NOT NULL CHECK (audience IN ('followers', 'instances')),
  published_at TEXT NOT NULL,
  federated_at TEXT
);
CREATE INDEX publications_pending ON publications (seq) WHERE federated_at IS NULL;
CREATE INDEX publications_audience ON publications (audience, seq);

-- People of the fediverse taking part in our events (Join, or Accept/TentativeAccept/Reject of
-- the event), one row per (event, actor): joining twice counts once, a new answer replaces the
-- previous one. Rows are kept when an event is deleted, for the operator's export.
CREATE TABLE participants (
  event_id TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  state TEXT NOT NULL,           -- going, pending, waiting, maybe, declined, refused
  activity_id TEXT NOT NULL,     -- the activity of the current answer: answered by us, named by an Undo
  activity_type TEXT NOT NULL,   -- Join, Accept, TentativeAccept, Reject
  inbox TEXT NOT NULL,
  shared_inbox TEXT,
  handle TEXT,
  name TEXT,
  message TEXT,                  -- Mobilizon's participationMessage, plain text
  requested_at TEXT NOT NULL,    -- first answer
  since TEXT NOT NULL,           -- when the current state began: the order of the waiting list
  updated_at TEXT NOT NULL,
  PRIMARY KEY (event_id, actor_id)
) WITHOUT ROWID;
CREATE INDEX participants_state ON participants (event_id, state, since);
CREATE INDEX participants_actor ON participants (actor_id);
CREATE INDEX participants_activity ON participants (activity_id);

-- The operator's choice of participation mode (free, restricted, external, none); NULL: the
-- default, external with a registration link, else free.
ALTER TABLE events ADD COLUMN participation TEXT;

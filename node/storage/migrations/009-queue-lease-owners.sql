-- Who holds each queue lease, so that a starting node resumes at once the messages a process
-- that no longer runs was handling, instead of waiting for their leases to expire.
ALTER TABLE fedify_queue ADD COLUMN lease_owner TEXT; -- token of the claiming queue instance

-- One row per queue instance that claims messages, from its first claim until it stops listening.
CREATE TABLE fedify_queue_owners (
  token TEXT PRIMARY KEY,        -- random, drawn by the queue instance
  queue TEXT NOT NULL,           -- its queue name
  pid INTEGER NOT NULL,          -- its process
  scope TEXT NOT NULL,           -- host, boot and pid namespace: where `pid` names that process
  started TEXT,                  -- when that process started, as the system counts it (NULL if unknown)
  registered_at INTEGER NOT NULL -- epoch ms
);

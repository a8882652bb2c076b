-- Fedify's key-value store: remote document cache, public keys, idempotency, circuit breaker.
CREATE TABLE fedify_kv (
  key TEXT PRIMARY KEY,          -- JSON of the key array
  value TEXT NOT NULL,           -- JSON of the value (a stored null is the text 'null')
  expires_at INTEGER             -- epoch ms, NULL = never
);
CREATE INDEX fedify_kv_expires ON fedify_kv (expires_at) WHERE expires_at IS NOT NULL;

-- Fedify's message queue (inbox, outbox, fanout). Rows hold private JWKs: never expose them.
-- A row is leased while its handler runs and deleted only after the handler succeeded.
CREATE TABLE fedify_queue (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  queue TEXT NOT NULL,           -- queue instance name: 'inbox' | 'outbox' | 'fanout' | …
  payload TEXT NOT NULL,         -- JSON message
  ordering_key TEXT,             -- messages sharing a key run one at a time, in order
  available_at INTEGER NOT NULL, -- epoch ms: not before
  lease_until INTEGER,           -- epoch ms: leased by a running handler until then
  attempts INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);
CREATE INDEX fedify_queue_ready ON fedify_queue (queue, available_at, id);
CREATE INDEX fedify_queue_ordering ON fedify_queue (queue, ordering_key, id) WHERE ordering_key IS NOT NULL;

-- The cantine actor's key pairs, generated once and never regenerated.
CREATE TABLE actor_keys (
  actor TEXT NOT NULL,           -- local actor identifier (the slug)
  position INTEGER NOT NULL,     -- 0 = RSA (#main-key), 1 = Ed25519 (#key-2): order is part of the key ids
  algorithm TEXT NOT NULL,
  private_jwk TEXT NOT NULL,
  public_jwk TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (actor, position)
);

-- Remote actors that follow the cantine (Mastodon accounts, other cantines, relays).
CREATE TABLE followers (
  actor_id TEXT PRIMARY KEY,
  inbox TEXT NOT NULL,
  shared_inbox TEXT,
  follow_id TEXT NOT NULL,       -- id of their Follow activity, echoed in our Accept
  actor_type TEXT,
  handle TEXT,
  state TEXT NOT NULL CHECK (state IN ('pending', 'accepted')),
  created_at TEXT NOT NULL,
  accepted_at TEXT
);
CREATE INDEX followers_state ON followers (state, created_at);

-- Operator tokens for the admin API. The JWTs themselves are never stored: only what is
-- needed to list them and to refuse a revoked `jti`.
CREATE TABLE operator_tokens (
  id TEXT PRIMARY KEY,           -- the JWT's jti
  name TEXT NOT NULL,            -- who or what holds it (the JWT's sub)
  scopes TEXT NOT NULL CHECK (json_valid(scopes)), -- JSON array of scope strings
  issued_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT                -- NULL = still valid until expires_at
);

-- The node's JWT signing key, generated once and never regenerated (separate from actor_keys).
-- Holds a private JWK: never expose it.
CREATE TABLE jwt_keys (
  kid TEXT PRIMARY KEY,          -- RFC 7638 thumbprint of the public key
  algorithm TEXT NOT NULL,       -- 'Ed25519'
  private_jwk TEXT NOT NULL,
  public_jwk TEXT NOT NULL,
  created_at TEXT NOT NULL
);

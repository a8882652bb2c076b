-- Operators of the web admin. Passwords are stored as scrypt hashes only; invitation links and
-- session cookies only as SHA-256 digests of their secrets, so a copy of the database lets
-- nobody sign in.
CREATE TABLE operator_accounts (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  role TEXT NOT NULL CHECK (role IN ('admin', 'editor')),
  password_hash TEXT,            -- NULL until set through an invitation
  created_at TEXT NOT NULL,
  password_changed_at TEXT
);

CREATE TABLE operator_invitations (
  token_digest TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES operator_accounts (id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT
);
CREATE INDEX operator_invitations_account ON operator_invitations (account_id);

CREATE TABLE operator_sessions (
  id_digest TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES operator_accounts (id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX operator_sessions_account ON operator_sessions (account_id);

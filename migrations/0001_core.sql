-- Accounts, libraries and per-library access.
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE COLLATE NOCASE,
  password_hash TEXT NOT NULL,
  is_admin INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE libraries (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  kind TEXT NOT NULL CHECK (kind IN ('movies', 'shows', 'music', 'mixed')),
  path TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'online' CHECK (state IN ('online', 'offline')),
  state_reason TEXT,
  created_at TEXT NOT NULL,
  last_scan_at TEXT
);

CREATE TABLE user_library_access (
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  library_id TEXT NOT NULL REFERENCES libraries (id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, library_id)
) WITHOUT ROWID;

-- Login sessions: opaque tokens, stored as SHA-256 hashes, with expiry.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  client TEXT,
  address TEXT
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- Server-wide key/value settings (e.g. the secret that signs playback URLs).
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

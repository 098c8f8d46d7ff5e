-- Users and sessions of the login Worker (the same columns as examples/node's SQLite schema).
CREATE TABLE IF NOT EXISTS users (
  open_id      TEXT PRIMARY KEY,
  union_id     TEXT,
  phone        TEXT,
  country_code TEXT,
  nick_name    TEXT,
  avatar_url   TEXT,
  gender       INTEGER,
  city         TEXT,
  province     TEXT,
  country      TEXT,
  steps_today  INTEGER,
  steps_31d    INTEGER,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL
);
-- token_hash is SHA-256 of the client's opaque token; session_key never leaves this table.
CREATE TABLE IF NOT EXISTS sessions (
  token_hash   TEXT PRIMARY KEY,
  open_id      TEXT NOT NULL REFERENCES users(open_id),
  session_key  TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_open_id ON sessions(open_id);
-- Decrypted message pushes (消息推送) received on /wx/push.
CREATE TABLE IF NOT EXISTS push_events (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  msg_type     TEXT,
  event        TEXT,
  from_user    TEXT,
  create_time  INTEGER,
  received_at  INTEGER NOT NULL,
  body         TEXT NOT NULL
);

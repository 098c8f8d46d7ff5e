-- Sealed session tokens: the client holds a token that names the user (sealSession); the server keeps,
-- per user, the newest session_key and the session version (logout and WeChat's revoke/cancellation
-- pushes bump it; a token sealed with another version is refused). Replaces the opaque-token table.
CREATE TABLE IF NOT EXISTS login_state (
  open_id      TEXT PRIMARY KEY,
  session_key  TEXT,
  key_at       INTEGER NOT NULL DEFAULT 0,
  ver          INTEGER NOT NULL DEFAULT 0
);
DROP TABLE IF EXISTS sessions;

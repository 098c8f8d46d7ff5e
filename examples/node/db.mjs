// SQLite storage (better-sqlite3, a real database file). Users keep what the flow learns about them;
// sessions map the client's opaque token (stored only as its SHA-256) to the openid and the
// session_key, which never leaves the server.
import Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';

const SCHEMA = `
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
CREATE TABLE IF NOT EXISTS sessions (
  token_hash   TEXT PRIMARY KEY,
  open_id      TEXT NOT NULL REFERENCES users(open_id),
  session_key  TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_open_id ON sessions(open_id);
CREATE TABLE IF NOT EXISTS push_events (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  msg_type     TEXT,
  event        TEXT,
  from_user    TEXT,
  create_time  INTEGER,
  received_at  INTEGER NOT NULL,
  body         TEXT NOT NULL
);
`;

const hashToken = (token) => createHash('sha256').update(token).digest('hex');
const now = () => Math.floor(Date.now() / 1000);

export function openDatabase(file, { sessionTtlSeconds = 7 * 24 * 3600 } = {}) {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.exec(SCHEMA);

  const upsertUser = db.prepare(`
    INSERT INTO users (open_id, union_id, created_at, updated_at) VALUES (@openId, @unionId, @now, @now)
    ON CONFLICT(open_id) DO UPDATE SET union_id = COALESCE(excluded.union_id, users.union_id), updated_at = excluded.updated_at`);
  const insertSession = db.prepare(
    'INSERT INTO sessions (token_hash, open_id, session_key, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
  );
  // A new login replaces the user's older sessions: WeChat keeps one session_key per user and app.
  const dropUserSessions = db.prepare('DELETE FROM sessions WHERE open_id = ?');
  const findSession = db.prepare('SELECT open_id AS openId, session_key AS sessionKey, expires_at AS expiresAt FROM sessions WHERE token_hash = ?');
  const dropSession = db.prepare('DELETE FROM sessions WHERE token_hash = ?');
  const getUser = db.prepare('SELECT * FROM users WHERE open_id = ?');

  return {
    db,
    /** Record a login: upsert the user, replace their sessions; returns the client's opaque token. */
    login: db.transaction(({ openId, unionId, sessionKey }) => {
      upsertUser.run({ openId, unionId: unionId ?? null, now: now() });
      dropUserSessions.run(openId);
      const token = randomBytes(32).toString('base64url');
      insertSession.run(hashToken(token), openId, sessionKey, now(), now() + sessionTtlSeconds);
      return token;
    }),
    /** The session of a token, or null when unknown or expired. */
    session(token) {
      if (typeof token !== 'string' || !token) return null;
      const row = findSession.get(hashToken(token));
      if (!row) return null;
      if (row.expiresAt <= now()) {
        dropSession.run(hashToken(token));
        return null;
      }
      return { openId: row.openId, sessionKey: row.sessionKey };
    },
    endSession(token) {
      dropSession.run(hashToken(token));
    },
    /** Update some user columns (names from a fixed list only). */
    updateUser(openId, fields) {
      const allowed = ['phone', 'country_code', 'nick_name', 'avatar_url', 'gender', 'city', 'province', 'country', 'steps_today', 'steps_31d', 'union_id'];
      const cols = Object.keys(fields).filter((k) => allowed.includes(k) && fields[k] !== undefined);
      if (cols.length === 0) return;
      const sql = `UPDATE users SET ${cols.map((c) => `${c} = @${c}`).join(', ')}, updated_at = @updated_at WHERE open_id = @open_id`;
      db.prepare(sql).run({ ...Object.fromEntries(cols.map((c) => [c, fields[c]])), updated_at: now(), open_id: openId });
    },
    /** Every session of a user (e.g. after the user_authorization_revoke push). */
    endUserSessions(openId) {
      return dropUserSessions.run(openId).changes;
    },
    recordPushEvent(message, text) {
      db.prepare('INSERT INTO push_events (msg_type, event, from_user, create_time, received_at, body) VALUES (?, ?, ?, ?, ?, ?)').run(
        message.MsgType ?? null,
        message.Event ?? null,
        message.FromUserName ?? null,
        Number(message.CreateTime) || null,
        now(),
        text,
      );
    },
    user(openId) {
      return getUser.get(openId) ?? null;
    },
    close() {
      db.close();
    },
  };
}

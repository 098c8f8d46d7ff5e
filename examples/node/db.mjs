// SQLite storage (better-sqlite3, a real database file). Users keep what the flow learns about them;
// login_state keeps, per user, the session_key (which never leaves the server: the client holds a
// sealed token that names the user, see app.mjs) and the session version that revokes tokens.
// With REDIS_URL set, login_state lives in Redis instead (redis-store.mjs, same interface).
import Database from 'better-sqlite3';

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
-- One row per user: the newest session_key (key_at: when WeChat handed it over, ms; an older
-- login finishing late never overwrites a newer key) and the session version: every token carries
-- the version it was sealed with, and a token whose version is not the current one is refused.
CREATE TABLE IF NOT EXISTS login_state (
  open_id      TEXT PRIMARY KEY,
  session_key  TEXT,
  key_at       INTEGER NOT NULL DEFAULT 0,
  ver          INTEGER NOT NULL DEFAULT 0
);
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

const now = () => Math.floor(Date.now() / 1000);

export function openDatabase(file) {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.exec(SCHEMA);

  const upsertUser = db.prepare(`
    INSERT INTO users (open_id, union_id, created_at, updated_at) VALUES (@openId, @unionId, @now, @now)
    ON CONFLICT(open_id) DO UPDATE SET union_id = COALESCE(excluded.union_id, users.union_id), updated_at = excluded.updated_at`);
  const saveKey = db.prepare(`
    INSERT INTO login_state (open_id, session_key, key_at) VALUES (?, ?, ?)
    ON CONFLICT(open_id) DO UPDATE SET session_key = excluded.session_key, key_at = excluded.key_at
    WHERE excluded.key_at >= login_state.key_at`);
  const readState = db.prepare('SELECT session_key AS sessionKey, ver FROM login_state WHERE open_id = ?');
  const bumpVersion = db.prepare(`
    INSERT INTO login_state (open_id, ver) VALUES (?, 1)
    ON CONFLICT(open_id) DO UPDATE SET ver = login_state.ver + 1`);
  const forgetKey = db.prepare('UPDATE login_state SET session_key = NULL, key_at = 0 WHERE open_id = ?');
  const deleteUserRow = db.prepare('DELETE FROM users WHERE open_id = ?');
  const deleteUserPushes = db.prepare('DELETE FROM push_events WHERE from_user = ?');
  const getUser = db.prepare('SELECT * FROM users WHERE open_id = ?');

  return {
    db,
    /** Record a user seen at login (their unionid, when WeChat gave one). */
    upsertUser({ openId, unionId }) {
      upsertUser.run({ openId, unionId: unionId ?? null, now: now() });
    },
    /** The login state (session_key and session version); the same interface as redis-store.mjs. */
    loginState: {
      kind: 'sqlite',
      /** Keep `sessionKey` unless a newer one (a later `at`) is stored; returns the session version. */
      async saveSessionKey(openId, sessionKey, at) {
        saveKey.run(openId, sessionKey, at);
        return readState.get(openId)?.ver ?? 0;
      },
      /** `{ sessionKey (null when none is held), ver }`, or null for a user never seen. */
      async read(openId) {
        const row = readState.get(openId);
        return row ? { sessionKey: row.sessionKey || null, ver: row.ver } : null;
      },
      /** Bump the session version (every token sealed before is refused); `forget` drops the session_key too. */
      async revoke(openId, { forget = false } = {}) {
        db.transaction(() => {
          bumpVersion.run(openId);
          if (forget) forgetKey.run(openId);
        })();
      },
      async close() {},
    },
    /** What user_authorization_cancellation asks: delete what we store about the user (the version stays, bumped). */
    deleteUser: db.transaction((openId) => {
      deleteUserPushes.run(openId);
      deleteUserRow.run(openId);
    }),
    /** Update some user columns (names from a fixed list only). */
    updateUser(openId, fields) {
      const allowed = ['phone', 'country_code', 'nick_name', 'avatar_url', 'gender', 'city', 'province', 'country', 'steps_today', 'steps_31d', 'union_id'];
      const cols = Object.keys(fields).filter((k) => allowed.includes(k) && fields[k] !== undefined);
      if (cols.length === 0) return;
      const sql = `UPDATE users SET ${cols.map((c) => `${c} = @${c}`).join(', ')}, updated_at = @updated_at WHERE open_id = @open_id`;
      db.prepare(sql).run({ ...Object.fromEntries(cols.map((c) => [c, fields[c]])), updated_at: now(), open_id: openId });
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

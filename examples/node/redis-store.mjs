// The login state in Redis (ioredis), for several server processes or machines: used instead of the
// SQLite table when REDIS_URL is set; the same interface as db.mjs's `loginState`. One hash per user:
//   wx:login:<openid>  sk  = the newest session_key (never sent to a client)
//                      at  = when WeChat handed it over (ms): an older login that finishes late
//                            never overwrites a newer key (a Lua script compares and sets atomically)
//                      ver = the session version: tokens carry the version they were sealed with;
//                            logout and WeChat's revoke/cancellation pushes bump it.
// Redis is strongly consistent for one key (single primary); a replica read could lag behind a revoke,
// so read from the primary.
import { Redis } from 'ioredis';

const SAVE_SESSION_KEY = `
local at = tonumber(redis.call('HGET', KEYS[1], 'at') or '0')
if tonumber(ARGV[2]) >= at then
  redis.call('HSET', KEYS[1], 'sk', ARGV[1], 'at', ARGV[2])
end
return tonumber(redis.call('HGET', KEYS[1], 'ver') or '0')`;

export function openRedisLoginState(url, { prefix = 'wx:' } = {}) {
  const redis = new Redis(url, { maxRetriesPerRequest: 2, enableAutoPipelining: true });
  redis.defineCommand('wxSaveSessionKey', { numberOfKeys: 1, lua: SAVE_SESSION_KEY });
  const key = (openId) => `${prefix}login:${openId}`;
  return {
    kind: 'redis',
    redis,
    /** Keep `sessionKey` unless a newer one (a later `at`) is stored; returns the session version. */
    async saveSessionKey(openId, sessionKey, at) {
      return Number(await redis.wxSaveSessionKey(key(openId), sessionKey, String(at)));
    },
    /** `{ sessionKey (null when none is held), ver }`, or null for a user never seen. One round trip. */
    async read(openId) {
      const [sk, ver] = await redis.hmget(key(openId), 'sk', 'ver');
      return sk === null && ver === null ? null : { sessionKey: sk || null, ver: Number(ver ?? 0) };
    },
    /** Bump the session version (every token sealed before is refused); `forget` drops the session_key too. */
    async revoke(openId, { forget = false } = {}) {
      const m = redis.multi().hincrby(key(openId), 'ver', 1);
      if (forget) m.hdel(key(openId), 'sk', 'at');
      await m.exec();
    },
    async close() {
      await redis.quit();
    },
  };
}

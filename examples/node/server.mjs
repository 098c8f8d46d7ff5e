// Start the login server. Configuration, all from the environment:
//   WX_APPID, WX_SECRET   your mini program's appid and AppSecret (keep the secret out of the repo)
//   WX_API_BASE           https://api.weixin.qq.com (default) or the local mock's URL
//   SESSION_SECRET        32 random bytes, base64 (`openssl rand -base64 32`): seals the clients' tokens
//   SESSION_KEY_ID        its id, the tokens' `kid` (default "k1"); rotate by moving the old pair to
//   SESSION_SECRET_PREVIOUS, SESSION_KEY_ID_PREVIOUS  (still opens, no longer seals) and setting a new one
//   DATABASE_FILE         SQLite file (default ./data/demo.sqlite)
//   REDIS_URL             optional: keep the login state (session_key, session versions) and the
//                         access_token in Redis, shared by every server process (redis://127.0.0.1:6379)
//   WX_PUSH_TOKEN, WX_PUSH_AES_KEY   消息推送 Token and EncodingAESKey (optional: enables /wx/push;
//                         WX_PUSH_AES_KEY_PREVIOUS keeps the old key working while you change it)
//   HOST, PORT            default 127.0.0.1:3000 (PORT=0 picks a free port; the chosen URL is printed)
//   WX_API_SECURITY       optional: the console's API 安全 keys as JSON { symmetricKey, symmetricKeySn,
//                         privateKey, certificates }; getuserphonenumber and checkencryptedmsg are then
//                         sent encrypted and signed (docs/api-security.md)
//   QQ_APPID/QQ_SECRET, DOUYIN_..., KUAISHOU_..., BAIDU_..., WECOM_ACCESS_TOKEN, PLATFORM_API_BASE:
//                         the other platforms' logins (optional; see platforms.mjs)
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createWeChatClient, redisTokenStore } from 'wx-open-data/client';
import * as apiSecurityModule from 'wx-open-data/api-security';
import { createApp } from './app.mjs';
import { openDatabase } from './db.mjs';
import { platformsFromEnv } from './platforms.mjs';
import { openRedisLoginState } from './redis-store.mjs';

const env = process.env;
for (const name of ['WX_APPID', 'WX_SECRET', 'SESSION_SECRET']) {
  if (!env[name]) {
    console.error(`server: set ${name}${name === 'SESSION_SECRET' ? ' (make one with: openssl rand -base64 32)' : ''}`);
    process.exit(2);
  }
}
const sessionKeys = [{ id: env.SESSION_KEY_ID ?? 'k1', secret: env.SESSION_SECRET }];
if (env.SESSION_SECRET_PREVIOUS) sessionKeys.push({ id: env.SESSION_KEY_ID_PREVIOUS ?? 'k0', secret: env.SESSION_SECRET_PREVIOUS });
const databaseFile = resolve(env.DATABASE_FILE ?? 'data/demo.sqlite');
mkdirSync(dirname(databaseFile), { recursive: true });

const store = openDatabase(databaseFile);
// With REDIS_URL, one Redis connection holds the login state (session_key, session versions) and the
// fetch client's access_token (redisTokenStore), shared by every server process; without it the login
// state is in SQLite and the access_token in this process (stable_token, refreshed ahead of expiry).
// WX_API_SECURITY (the console's API 安全 keys as JSON) sends getuserphonenumber and
// checkencryptedmsg encrypted and signed (wx-open-data/api-security).
const loginState = env.REDIS_URL ? openRedisLoginState(env.REDIS_URL) : store.loginState;
const apiSecurity = env.WX_API_SECURITY ? { module: apiSecurityModule, ...JSON.parse(env.WX_API_SECURITY) } : undefined;
const wechat = createWeChatClient({
  appId: env.WX_APPID,
  secret: env.WX_SECRET,
  baseUrl: env.WX_API_BASE || undefined,
  tokenStore: env.REDIS_URL ? redisTokenStore(loginState.redis) : undefined,
  apiSecurity,
});
const push = env.WX_PUSH_TOKEN && env.WX_PUSH_AES_KEY
  ? { token: env.WX_PUSH_TOKEN, encodingAESKey: [env.WX_PUSH_AES_KEY, env.WX_PUSH_AES_KEY_PREVIOUS].filter(Boolean) }
  : null;
const app = createApp({ appId: env.WX_APPID, store, loginState, sessionKeys, wechat, push, platforms: platformsFromEnv(env) });

const server = app.listen(Number(env.PORT ?? 3000), env.HOST ?? '127.0.0.1', () => {
  const { address, port } = server.address();
  console.log(`server: listening on http://${address}:${port} (WeChat API: ${env.WX_API_BASE ?? 'https://api.weixin.qq.com'}${apiSecurity ? ', API security on' : ''}, database: ${databaseFile}, login state: ${loginState.kind})`);
});
const stop = () => server.close(async () => {
  await loginState.close();
  store.close();
  process.exit(0);
});
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

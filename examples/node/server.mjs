// Start the login server. Configuration, all from the environment:
//   WX_APPID, WX_SECRET   your mini program's appid and AppSecret (keep the secret out of the repo)
//   WX_API_BASE           https://api.weixin.qq.com (default) or the local mock's URL
//   DATABASE_FILE         SQLite file (default ./data/demo.sqlite)
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
import { createWeChatClient } from 'wx-open-data/client';
import * as apiSecurityModule from 'wx-open-data/api-security';
import { createApp } from './app.mjs';
import { openDatabase } from './db.mjs';
import { platformsFromEnv } from './platforms.mjs';

const env = process.env;
for (const name of ['WX_APPID', 'WX_SECRET']) {
  if (!env[name]) {
    console.error(`server: set ${name}`);
    process.exit(2);
  }
}
const databaseFile = resolve(env.DATABASE_FILE ?? 'data/demo.sqlite');
mkdirSync(dirname(databaseFile), { recursive: true });

const store = openDatabase(databaseFile);
// The access_token is cached in this process (stable_token, refreshed ahead of expiry). Several
// processes can share it through Redis: tokenStore: redisTokenStore(redisClient) (docs/client.md).
const apiSecurity = env.WX_API_SECURITY ? { module: apiSecurityModule, ...JSON.parse(env.WX_API_SECURITY) } : undefined;
const wechat = createWeChatClient({ appId: env.WX_APPID, secret: env.WX_SECRET, baseUrl: env.WX_API_BASE || undefined, apiSecurity });
const push = env.WX_PUSH_TOKEN && env.WX_PUSH_AES_KEY
  ? { token: env.WX_PUSH_TOKEN, encodingAESKey: [env.WX_PUSH_AES_KEY, env.WX_PUSH_AES_KEY_PREVIOUS].filter(Boolean) }
  : null;
const app = createApp({ appId: env.WX_APPID, store, wechat, push, platforms: platformsFromEnv(env) });

const server = app.listen(Number(env.PORT ?? 3000), env.HOST ?? '127.0.0.1', () => {
  const { address, port } = server.address();
  console.log(`server: listening on http://${address}:${port} (WeChat API: ${env.WX_API_BASE ?? 'https://api.weixin.qq.com'}${apiSecurity ? ', API security on' : ''}, database: ${databaseFile})`);
});
const stop = () => server.close(() => { store.close(); process.exit(0); });
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

// `make demo`: start the mock WeChat on 127.0.0.1, start this example server pointed at it through
// WX_API_BASE (the one setting that differs from production), and walk the mini program's flow and
// its failure paths with the scripted client. Prints a transcript and a table; exits 1 on any deviation.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { createMockWeChat, DEMO_APPS } from '../mock-wechat/mock-wechat.mjs';
import { PLATFORM_APPS } from '../mock-wechat/platforms.mjs';
import { DEMO_APPID, runFlow, summaryTable } from '../demo-client/flow.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const databaseFile = join(here, 'data', 'demo.sqlite');
for (const suffix of ['', '-wal', '-shm']) rmSync(databaseFile + suffix, { force: true });

const RATE_LIMIT = 20;
// 消息推送: the Token and EncodingAESKey you would type into the admin console (43 alphanumerics).
const PUSH = { token: 'wxOpenDataDemoToken', encodingAESKey: 'wxOpenDataDemoEncodingAESKey0123456789abcdE' };
const mockLog = [];
const mock = createMockWeChat({ rateLimitPerMinute: RATE_LIMIT, log: (l) => mockLog.push(l) });
const mockUrl = await mock.listen(0);
console.log(`demo: mock WeChat listening on ${mockUrl} (apps ${Object.keys(DEMO_APPS).join(', ')})`);

const env = {
  ...process.env,
  WX_APPID: DEMO_APPID,
  WX_SECRET: DEMO_APPS[DEMO_APPID].secret,
  WX_API_BASE: mockUrl, // production: https://api.weixin.qq.com (or leave unset)
  DATABASE_FILE: databaseFile,
  SESSION_SECRET: 'ZGVtby1vbmx5LXNlc3Npb24tc2VjcmV0LTMyLWJ5dGU=', // demo only: openssl rand -base64 32
  WX_PUSH_TOKEN: PUSH.token,
  WX_PUSH_AES_KEY: PUSH.encodingAESKey,
  // API 安全: the keys the console's page gives (here the mock's); the phone-number calls go encrypted and signed.
  WX_API_SECURITY: JSON.stringify(mock.apiSecurityConsole(DEMO_APPID)),
  HOST: '127.0.0.1',
  PORT: '0',
  // The other platforms' logins (platforms.mjs), each under the mock's /<platform> prefix.
  PLATFORM_API_BASE: mockUrl,
  QQ_APPID: PLATFORM_APPS.qq.appId,
  QQ_SECRET: PLATFORM_APPS.qq.secret,
  DOUYIN_APPID: PLATFORM_APPS.douyin.appId,
  DOUYIN_SECRET: PLATFORM_APPS.douyin.secret,
  KUAISHOU_APPID: PLATFORM_APPS.kuaishou.appId,
  KUAISHOU_SECRET: PLATFORM_APPS.kuaishou.secret,
  WECOM_ACCESS_TOKEN: PLATFORM_APPS.wecom.accessToken,
  BAIDU_APPID: PLATFORM_APPS.baidu.appId,
  BAIDU_SECRET: PLATFORM_APPS.baidu.secret,
};
const server = spawn(process.execPath, [join(here, 'server.mjs')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
const serverLog = [];
server.stderr.on('data', (d) => serverLog.push(String(d)));
const serverUrl = await new Promise((resolve, reject) => {
  let out = '';
  const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}${serverLog.join('')}`)), 60000);
  server.stdout.on('data', (d) => {
    out += d;
    const m = /listening on (http:\/\/\S+)/.exec(out);
    if (m) {
      clearTimeout(timer);
      console.log(out.trim());
      resolve(m[1]);
    }
  });
  server.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}${serverLog.join('')}`)));
});

let result;
try {
  const db = new Database(databaseFile, { readonly: true, fileMustExist: true });
  result = await runFlow({
    serverUrl,
    mockUrl,
    mock,
    rateLimitPerMinute: RATE_LIMIT,
    wechatCalls: () => mockLog,
    push: PUSH,
    apiSecurity: true,
    platforms: true,
    readUser: (openId) => db.prepare('SELECT * FROM users WHERE open_id = ?').get(openId) ?? null,
    print: (line) => console.log(line),
  });
  db.close();
} finally {
  server.kill('SIGTERM');
  await mock.close();
}

console.log('\n== summary ==');
console.log(summaryTable(result.steps));
const bad = result.steps.filter((s) => !s.ok).length;
console.log(`\ndemo: ${result.steps.length - bad} passed, ${bad} failed`);
if (bad) {
  if (serverLog.length) console.log(`\nserver stderr:\n${serverLog.join('')}`);
  console.log(`\nmock WeChat calls:\n${mockLog.join('\n')}`);
}
console.log(`demo: the database file stays at ${databaseFile} (sqlite3 ${databaseFile} 'select * from users')`);
process.exit(bad ? 1 : 0);

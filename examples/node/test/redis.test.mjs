// Scale-out: two processes of the Node example sharing one real Redis (Debian's redis-server, started
// here on a free loopback port, stopped at the end) for the login state, the way two machines behind a
// load balancer would. A login on one and a decrypt on the other, concurrent logins of one user keeping
// the newest session_key, one access_token for both, and a revoke on one refused on the other. The mock
// WeChat plays WeChat.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { createMockWeChat, DEMO_APPS } from '../../mock-wechat/mock-wechat.mjs';
import { createSimWx } from '../../demo-client/sim-wx.mjs';
import { DEMO_APPID } from '../../demo-client/flow.mjs';
import { openRedisLoginState } from '../redis-store.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const PUSH = { token: 'wxOpenDataDemoToken', encodingAESKey: 'wxOpenDataDemoEncodingAESKey0123456789abcdE' };
const SESSION_SECRET = 'ZGVtby1vbmx5LXNlc3Npb24tc2VjcmV0LTMyLWJ5dGU='; // test only

const work = mkdtempSync(join(tmpdir(), 'wx-redis-'));
let redisPort;
let redisUrl;
let redis;
let mock;
let mockUrl;
const servers = [];
const mockLog = [];

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

async function startServer(name) {
  const env = {
    ...process.env,
    WX_APPID: DEMO_APPID,
    WX_SECRET: DEMO_APPS[DEMO_APPID].secret,
    WX_API_BASE: mockUrl,
    DATABASE_FILE: join(work, 'users.sqlite'), // user rows: one file here; your shared database in production
    REDIS_URL: redisUrl,
    SESSION_SECRET,
    WX_PUSH_TOKEN: PUSH.token,
    WX_PUSH_AES_KEY: PUSH.encodingAESKey,
    HOST: '127.0.0.1',
    PORT: '0',
  };
  const child = spawn(process.execPath, [join(here, '..', 'server.mjs')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  servers.push(child);
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${name} did not start:\n${out}${err}`)), 30000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+) .*login state: (\w+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1], store: m[2], child });
      }
    });
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}:\n${out}${err}`)));
  });
}

let A;
let B;

before(async () => {
  redisPort = await freePort();
  const pidfile = join(work, 'redis.pid');
  const r = spawnSync('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
    '--daemonize', 'yes', '--pidfile', pidfile, '--dir', work, '--logfile', join(work, 'redis.log')], { encoding: 'utf8' });
  assert.equal(r.status, 0, `redis-server did not start: ${r.stderr}${r.stdout} (scripts/install-tools.sh installs it)`);
  redisUrl = `redis://127.0.0.1:${redisPort}`;
  redis = new Redis(redisUrl, { retryStrategy: (n) => (n < 50 ? 100 : null) });
  assert.equal(await redis.ping(), 'PONG');
  mock = createMockWeChat({ rateLimitPerMinute: 1000, log: (line) => mockLog.push(line) });
  mockUrl = await mock.listen(0);
  [A, B] = await Promise.all([startServer('server A'), startServer('server B')]);
});

after(async () => {
  for (const s of servers) s.kill('SIGTERM');
  await Promise.all(servers.map((s) => (s.exitCode === null ? new Promise((r) => s.once('exit', r)) : null)));
  await mock?.close();
  redis?.disconnect();
  // Stop the redis-server this test started, by the pid it wrote, and wait until it is gone.
  let pid = 0;
  try {
    pid = Number(readFileSync(join(work, 'redis.pid'), 'utf8'));
  } catch {
    // it never started
  }
  if (pid > 0) {
    process.kill(pid, 'SIGTERM');
    for (let i = 0; i < 100; i++) {
      try {
        process.kill(pid, 0);
      } catch {
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  rmSync(work, { recursive: true, force: true });
});

/** A JSON request to one server; returns { status, body }. */
async function call(server, method, path, { token, body } = {}) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${server.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

/** wx.login on the simulated WeChat, then POST /login on `server`: the token. */
async function login(server, wx) {
  const { code } = await wx.call('login');
  const r = await call(server, 'POST', '/login', { body: { code } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.token;
}

const werun = async (server, wx, token) => {
  const data = await wx.call('getWeRunData');
  return call(server, 'POST', '/user/werun', { token, body: { encryptedData: data.encryptedData, iv: data.iv } });
};

test('both servers keep their login state in the shared Redis', () => {
  assert.equal(A.store, 'redis');
  assert.equal(B.store, 'redis');
  assert.notEqual(A.url, B.url);
});

test('a login on A, then a decrypt on B with the session_key A stored in Redis', async () => {
  const wx = createSimWx({ mockUrl, appid: DEMO_APPID, user: 'alice' });
  const token = await login(A, wx);
  const r = await werun(B, wx, token);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.ok, true);
  assert.ok(r.body.days > 0);
  const me = await call(B, 'GET', '/user/me', { token });
  assert.equal(me.status, 200);
  // The session_key is in Redis, never in the token or a response.
  const keys = await redis.keys('wx:login:*');
  assert.ok(keys.length >= 1);
  const sk = await redis.hget(keys[0], 'sk');
  assert.equal(sk, mock.sessionKeyOf(DEMO_APPID, 'alice'));
  assert.ok(!JSON.stringify(me.body).includes(sk));
  assert.ok(!Buffer.from(token.split('.')[0], 'base64url').toString().includes(sk));
});

test('concurrent logins of one user on A and B keep the newest session_key; both servers decrypt', async () => {
  const phone = createSimWx({ mockUrl, appid: DEMO_APPID, user: 'bob' });
  const tablet = createSimWx({ mockUrl, appid: DEMO_APPID, user: 'bob' });
  for (let round = 0; round < 5; round++) {
    const [t1, t2] = await Promise.all([login(A, phone), login(B, tablet)]);
    const current = mock.sessionKeyOf(DEMO_APPID, 'bob');
    const openId = (await call(A, 'GET', '/user/me', { token: t1 })).body.user.openId;
    assert.equal(await redis.hget(`wx:login:${openId}`, 'sk'), current, `round ${round}: Redis holds a stale session_key`);
    for (const [server, token] of [[A, t2], [B, t1]]) {
      const r = await werun(server, phone, token);
      assert.equal(r.status, 200, `round ${round}: ${JSON.stringify(r.body)}`);
    }
  }
});

test('the newest session_key wins in Redis whatever order the writes arrive in (compare-and-set)', async () => {
  const state = openRedisLoginState(redisUrl, { prefix: 'test:' });
  try {
    assert.equal(await state.saveSessionKey('o-cas', 'newer-key', 2000), 0);
    assert.equal(await state.saveSessionKey('o-cas', 'older-key', 1000), 0); // a slow login finishing late
    assert.deepEqual(await state.read('o-cas'), { sessionKey: 'newer-key', ver: 0 });
    await state.saveSessionKey('o-cas', 'same-time', 2000); // a tie: the later write wins
    assert.equal((await state.read('o-cas')).sessionKey, 'same-time');
    await state.revoke('o-cas');
    assert.deepEqual(await state.read('o-cas'), { sessionKey: 'same-time', ver: 1 });
    await state.revoke('o-cas', { forget: true });
    assert.deepEqual(await state.read('o-cas'), { sessionKey: null, ver: 2 }); // forgotten, the version kept
    assert.equal(await state.read('o-never-seen'), null);
    assert.equal(await state.saveSessionKey('o-cas', 'after-cancel', 500), 2); // the version survives
  } finally {
    await state.close();
  }
});

test('the access_token is fetched once (stable_token) and shared by both servers through Redis', async () => {
  const wx = createSimWx({ mockUrl, appid: DEMO_APPID, user: 'alice' });
  const token = await login(A, wx);
  const before = mockLog.filter((l) => l.startsWith('POST /cgi-bin/stable_token')).length;
  for (const server of [A, B, A, B]) {
    const { code } = await wx.phoneButton();
    const r = await call(server, 'POST', '/user/phone', { token, body: { code } });
    assert.equal(r.status, 200, JSON.stringify(r.body));
  }
  const fetched = mockLog.filter((l) => l.startsWith('POST /cgi-bin/stable_token')).length - before;
  assert.ok(fetched <= 1, `stable_token was called ${fetched} times for two servers`);
  const stored = JSON.parse(await redis.get(`wx-open-data:access_token:${DEMO_APPID}`));
  assert.equal(typeof stored.accessToken, 'string');
  assert.ok((await redis.ttl(`wx-open-data:access_token:${DEMO_APPID}`)) > 0, 'the stored token has a TTL');
});

test('a logout on A is refused on B; a revoke pushed to B is refused on A', async () => {
  const wx = createSimWx({ mockUrl, appid: DEMO_APPID, user: 'alice' });
  const token = await login(B, wx);
  assert.equal((await call(A, 'GET', '/user/me', { token })).status, 200);
  assert.equal((await call(A, 'POST', '/logout', { token, body: {} })).status, 200);
  const refused = await call(B, 'GET', '/user/me', { token });
  assert.equal(refused.status, 401);
  assert.equal(refused.body.code, 'ERR_UNAUTHORIZED');
  assert.equal(refused.body.relogin, true);

  const token2 = await login(A, wx);
  assert.equal((await call(B, 'GET', '/user/me', { token: token2 })).status, 200);
  const openId = (await call(B, 'GET', '/user/me', { token: token2 })).body.user.openId;
  const event = { ToUserName: 'gh_0123456789ab', FromUserName: openId, CreateTime: Math.floor(Date.now() / 1000), MsgType: 'event', Event: 'user_authorization_revoke', RevokeInfo: '6' };
  const pushed = await mock.push({ url: `${B.url}/wx/push`, ...PUSH, appid: DEMO_APPID, message: event });
  assert.equal(pushed.text, 'success');
  assert.equal((await call(A, 'GET', '/user/me', { token: token2 })).status, 401);
  assert.equal((await call(B, 'GET', '/user/me', { token: token2 })).status, 401);
});

// redisTokenStore against a real redis-server (run.sh starts one on a free loopback port): two
// WeChat clients, as two processes would have them, one through node-redis (`redis`) and one through
// ioredis, share one access_token; a token refreshed by one is picked up by the other after a 40001.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from 'redis';
import Redis from 'ioredis';
import { createWeChatClient, redisTokenStore } from 'wx-open-data/client';
import { APPID, SECRET, startMock } from './helpers.mjs';

const url = process.env.REDIS_URL;
if (!url) throw new Error('REDIS_URL is not set: run js-tests/client/run.sh');
const KEY = `wx-open-data:access_token:${APPID}`;

const env = await startMock();
const nodeRedis = await createClient({ url }).connect();
const ioredis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
await ioredis.connect();
test.after(async () => {
  await nodeRedis.quit();
  await ioredis.quit();
  await env.close();
});

/** Two "processes": client A stores through node-redis, client B through ioredis. */
const pair = () => [
  createWeChatClient({ appId: APPID, secret: SECRET, baseUrl: env.url, tokenStore: redisTokenStore(nodeRedis) }),
  createWeChatClient({ appId: APPID, secret: SECRET, baseUrl: env.url, tokenStore: redisTokenStore(ioredis) }),
];
const stableCalls = () => env.calls('POST /cgi-bin/stable_token');

test('the two client libraries are told apart (ioredis has call(), node-redis does not)', () => {
  assert.equal(typeof ioredis.call, 'function');
  assert.notEqual(typeof nodeRedis.call, 'function');
});

test('A fetches the token and stores it with a TTL; B (the other library) reads it instead of fetching', async () => {
  await nodeRedis.flushAll();
  const [a, b] = pair();
  const before = stableCalls();
  const token = await a.getAccessToken();
  assert.equal(stableCalls() - before, 1);
  const stored = JSON.parse(await ioredis.get(KEY));
  assert.equal(stored.accessToken, token);
  assert.ok(Math.abs(stored.expiresAt - (Date.now() + 7200_000)) < 60_000, `expiresAt ${stored.expiresAt}`);
  const ttl = await nodeRedis.ttl(KEY);
  assert.ok(ttl > 7100 && ttl <= 7200, `TTL ${ttl}`);
  assert.equal(await b.getAccessToken(), token);
  assert.equal(stableCalls() - before, 1, 'B took the token from Redis');
});

test('50 concurrent calls spread over both clients: at most one request per client, one token for all', async () => {
  await nodeRedis.flushAll();
  const [a, b] = pair();
  const before = stableCalls();
  const tokens = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).getAccessToken()));
  // The store is not a lock: both may miss it at once, and stable_token hands both the same token.
  assert.equal(new Set(tokens).size, 1);
  assert.ok(stableCalls() - before <= 2, `${stableCalls() - before} stable_token calls`);
  assert.equal(JSON.parse(await nodeRedis.get(KEY)).accessToken, tokens[0]);
});

test('B forces a new token; when WeChat rejects A\'s old one (40001), A takes B\'s from Redis without asking WeChat', async () => {
  await nodeRedis.flushAll();
  const [a, b] = pair();
  const session = await a.code2Session(await env.login('alice', false));
  const old = await a.getAccessToken();
  const fresh = await b.getAccessToken({ forceRefresh: true });
  assert.notEqual(fresh, old);
  assert.equal(JSON.parse(await ioredis.get(KEY)).accessToken, fresh);
  await env.advance(301); // the old token's grace period ends
  const before = stableCalls();
  const start = env.log.length;
  assert.equal(await a.checkSession(session), true);
  assert.equal(stableCalls(), before, 'A did not ask WeChat: the token came from Redis');
  assert.deepEqual(env.log.slice(start).filter((l) => !l.startsWith('POST /__mock')), ['GET /wxa/checksession -> errcode 40001', 'GET /wxa/checksession -> ok']);
  assert.equal(await a.getAccessToken(), fresh);
});

test('a Redis outage does not fail the call: the client falls back to stable_token and reports it', async () => {
  const down = new Redis('redis://127.0.0.1:1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  down.on('error', () => {}); // ioredis reports connection errors as events too
  const seen = [];
  const wechat = createWeChatClient({
    appId: APPID,
    secret: SECRET,
    baseUrl: env.url,
    tokenStore: redisTokenStore(down),
    onTokenStoreError: (err, op) => seen.push(op),
  });
  assert.equal(typeof (await wechat.getAccessToken()), 'string');
  assert.deepEqual(seen, ['get', 'set']);
  down.disconnect();
});

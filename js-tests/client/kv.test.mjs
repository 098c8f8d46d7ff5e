// kvTokenStore in workerd (Miniflare 4): two Workers, bundled from kv-worker.mjs with the package's
// workerd entries, share one KV namespace and the mock WeChat over HTTP. One stable_token request serves
// both; the value is JSON with its expiresAt and a KV expiration; a token forced by one Worker reaches
// the other through KV when WeChat rejects the old one.
import test from 'node:test';
import assert from 'node:assert/strict';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createWeChatClient } from 'wx-open-data/client';
import { APPID, SECRET, startMock } from './helpers.mjs';

const KEY = `wx-open-data:access_token:${APPID}`;
const env = await startMock();
const out = mkdtempSync(join(tmpdir(), 'wx-kv-'));
const wasmModules = [];
const result = await build({
  entryPoints: [join(process.cwd(), 'kv-worker.mjs')],
  outfile: join(out, 'worker.js'),
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  conditions: ['workerd', 'worker', 'browser'],
  mainFields: ['browser', 'module', 'main'],
  metafile: true,
  logLevel: 'warning',
  plugins: [
    {
      name: 'wrangler-like-wasm',
      setup(b) {
        b.onResolve({ filter: /\.wasm$/ }, (args) => {
          const file = join(args.resolveDir, args.path);
          copyFileSync(file, join(out, basename(file)));
          wasmModules.push({ type: 'CompiledWasm', path: join(out, basename(file)) });
          return { path: `./${basename(file)}`, external: true };
        });
      },
    },
  ],
});
const inputs = Object.keys(result.metafile.inputs);
const worker = (name) => ({
  name,
  modulesRoot: out,
  modules: [{ type: 'ESModule', path: join(out, 'worker.js') }, ...wasmModules],
  compatibilityDate: '2026-07-30',
  kvNamespaces: { TOKENS: 'shared-tokens' },
  bindings: { APPID, SECRET, WX_API_BASE: env.url, NAME: name },
});
const mf = new Miniflare({ host: '127.0.0.1', workers: [worker('a'), worker('b')] });
await mf.ready;
test.after(async () => {
  await mf.dispose();
  await env.close();
  rmSync(out, { recursive: true, force: true });
});

const call = async (name, path) => {
  const res = await (await mf.getWorker(name)).fetch(`http://worker${path}`);
  const body = await res.json();
  assert.equal(res.status, 200, `${name} ${path}: ${JSON.stringify(body)}`);
  return body;
};
const stableCalls = () => env.calls('POST /cgi-bin/stable_token');

test('the Workers were bundled from the package\'s workerd entries', () => {
  for (const entry of ['client.workerd.mjs', 'workerd.mjs']) {
    assert.ok(inputs.includes(`node_modules/wx-open-data/${entry}`), `${entry} missing from ${inputs.join(', ')}`);
  }
});

test('Worker a fetches the token, Worker b reads it from KV: one stable_token request', async () => {
  const before = stableCalls();
  const a = await call('a', '/token');
  const b = await call('b', '/token');
  assert.equal(b.token, a.token);
  assert.equal(stableCalls() - before, 1);
  const kv = await mf.getKVNamespace('TOKENS', 'a');
  const stored = JSON.parse(await kv.get(KEY));
  assert.equal(stored.accessToken, a.token);
  assert.ok(Math.abs(stored.expiresAt - (Date.now() + 7200_000)) < 60_000, `expiresAt ${stored.expiresAt}`);
  const { keys } = await kv.list();
  const entry = keys.find((k) => k.name === KEY);
  assert.ok(entry && Math.abs(entry.expiration - (Date.now() / 1000 + 7200)) < 60, `KV expiration ${entry?.expiration}`);
});

test('Worker b forces a new token; Worker a, rejected with 40001, takes it from KV without asking WeChat', async () => {
  const node = createWeChatClient({ appId: APPID, secret: SECRET, baseUrl: env.url });
  const session = await node.code2Session(await env.login('alice', false));
  const old = (await call('a', '/token')).token;
  const fresh = (await call('b', '/token?force=1')).token;
  assert.notEqual(fresh, old);
  await env.advance(301); // the old token's grace period ends
  const before = stableCalls();
  const start = env.log.length;
  const q = new URLSearchParams({ openId: session.openId, sessionKey: session.sessionKey });
  const checked = await call('a', `/check?${q}`);
  assert.deepEqual(checked, { ok: true, token: fresh });
  assert.equal(stableCalls(), before, 'Worker a did not ask WeChat: the token came from KV');
  assert.deepEqual(env.log.slice(start).filter((l) => !l.startsWith('POST /__mock')), ['GET /wxa/checksession -> errcode 40001', 'GET /wxa/checksession -> ok']);
});

// The Worker example in workerd (Miniflare 4's JS API, D1 provided locally) against the mock WeChat,
// walked by the same scripted mini program as `make demo`. The Worker is bundled the way Wrangler
// does it: esbuild with the workerd/worker conditions, `*.wasm` imports kept as CompiledWasm modules.
// Run: node --test examples/worker/test/   (after make build and npm install in examples/worker and
// examples/mock-wechat; esbuild and miniflare come from the repository's dev tools).
import test from 'node:test';
import assert from 'node:assert/strict';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMockWeChat, DEMO_APPS } from '../../mock-wechat/mock-wechat.mjs';
import { DEMO_APPID, runFlow, summaryTable } from '../../demo-client/flow.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const workerDir = join(here, '..');

async function bundleWorker(out) {
  const wasmModules = [];
  const result = await build({
    absWorkingDir: workerDir,
    entryPoints: [join(workerDir, 'src', 'index.mjs')],
    outfile: join(out, 'index.js'),
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
  return { wasmModules, inputs: Object.keys(result.metafile.inputs) };
}

test('the Worker example runs the mini program flow in workerd with D1 against the mock WeChat', async (t) => {
  const out = mkdtempSync(join(tmpdir(), 'wx-worker-'));
  const RATE_LIMIT = 20;
  const PUSH = { token: 'wxOpenDataDemoToken', encodingAESKey: 'wxOpenDataDemoEncodingAESKey0123456789abcdE' };
  const calls = [];
  const mock = createMockWeChat({ rateLimitPerMinute: RATE_LIMIT, log: (l) => calls.push(l) });
  const mockUrl = await mock.listen(0);
  let mf;
  t.after(async () => {
    await mf?.dispose();
    await mock.close();
    rmSync(out, { recursive: true, force: true });
  });

  const { wasmModules, inputs } = await bundleWorker(out);
  for (const entry of ['workerd.mjs', 'client.workerd.mjs']) {
    assert.ok(
      inputs.some((i) => i.endsWith(`wx-open-data/${entry}`) || i.endsWith(`pkg/${entry}`)),
      `the bundle must use the package's ${entry}; inputs: ${inputs.join(', ')}`,
    );
  }
  // One module per subpath the Worker imports: the login flow (SIMD build) and message push.
  assert.deepEqual(
    wasmModules.map((m) => basename(m.path)).sort(),
    ['push_bg.wasm', 'wx_open_data_bg.wasm'],
    'one CompiledWasm module per imported subpath',
  );

  // The compatibility date of wrangler.toml, as `wrangler dev` would use it.
  const compatibilityDate = /^compatibility_date\s*=\s*"([\d-]+)"/m.exec(readFileSync(join(workerDir, 'wrangler.toml'), 'utf8'))?.[1];
  assert.ok(compatibilityDate, 'wrangler.toml has a compatibility_date');
  mf = new Miniflare({
    compatibilityDate,
    modulesRoot: out,
    modules: [{ type: 'ESModule', path: join(out, 'index.js') }, ...wasmModules],
    d1Databases: ['DB'],
    kvNamespaces: ['WX_TOKENS'],
    bindings: {
      WX_APPID: DEMO_APPID,
      WX_SECRET: DEMO_APPS[DEMO_APPID].secret,
      WX_API_BASE: mockUrl,
      WX_PUSH_TOKEN: PUSH.token,
      WX_PUSH_AES_KEY: PUSH.encodingAESKey,
    },
    host: '127.0.0.1',
  });
  const serverUrl = String(await mf.ready).replace(/\/$/, '');
  const db = await mf.getD1Database('DB');
  // The migration, as `wrangler d1 migrations apply` would run it.
  const sql = readFileSync(join(workerDir, 'migrations', '0001_init.sql'), 'utf8').replace(/--.*$/gm, '');
  for (const stmt of sql.split(';').map((s) => s.trim()).filter(Boolean)) await db.prepare(stmt).run();

  const lines = [];
  const result = await runFlow({
    serverUrl,
    mockUrl,
    mock,
    rateLimitPerMinute: RATE_LIMIT,
    wechatCalls: () => calls,
    push: PUSH,
    readUser: (openId) => db.prepare('SELECT * FROM users WHERE open_id = ?1').bind(openId).first(),
    print: (l) => lines.push(l),
  });
  const table = summaryTable(result.steps);
  for (const line of table.split('\n')) t.diagnostic(line);
  const deviations = result.steps.filter((s) => !s.ok);
  assert.deepEqual(deviations.map((s) => s.title), [], `deviations in workerd:\n${lines.join('\n')}\n${table}`);
  assert.ok(result.steps.length >= 24, `expected the whole flow, ran ${result.steps.length} steps`);
  const events = await db.prepare('SELECT event FROM push_events ORDER BY id').all();
  assert.deepEqual(events.results.map((r) => r.event), ['debug_demo', 'user_authorization_revoke']);

  // Sessions live in D1 with the session_key; the client only ever held the opaque token.
  const sessions = await db.prepare('SELECT token_hash, session_key FROM sessions').all();
  assert.ok(sessions.results.length >= 1);
  assert.ok(sessions.results.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash) && r.session_key.length === 24));

  // The access_token the Worker used is shared through KV (kvTokenStore), with its expiry.
  const kv = await mf.getKVNamespace('WX_TOKENS');
  const stored = JSON.parse(await kv.get(`wx-open-data:access_token:${DEMO_APPID}`));
  assert.equal(typeof stored.accessToken, 'string');
  assert.ok(stored.expiresAt > Date.now() + 60 * 60_000, `expiresAt ${stored.expiresAt} is not about 2 hours ahead`);
  assert.ok(calls.filter((l) => l.startsWith('POST /cgi-bin/stable_token')).length >= 1, 'the token came from stable_token');
  assert.ok(!calls.some((l) => l.startsWith('GET /cgi-bin/token')), 'the Worker must not use /cgi-bin/token');
});

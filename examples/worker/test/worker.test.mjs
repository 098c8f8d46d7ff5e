// The Worker example in workerd (Miniflare 4's JS API, D1 provided locally) against the mock WeChat,
// walked by the same scripted mini program as `make demo`. The Worker is bundled the way Wrangler
// does it: esbuild with the workerd/worker conditions, `*.wasm` imports kept as CompiledWasm modules.
// Run: node --test examples/worker/test/   (after make build and npm install in examples/worker and
// examples/mock-wechat; esbuild and miniflare come from the repository's dev tools).
import test from 'node:test';
import assert from 'node:assert/strict';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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
      SESSION_SECRET: 'ZGVtby1vbmx5LXNlc3Npb24tc2VjcmV0LTMyLWJ5dGU=', // test only: openssl rand -base64 32
    },
    host: '127.0.0.1',
  });
  const serverUrl = String(await mf.ready).replace(/\/$/, '');
  const db = await mf.getD1Database('DB');
  // The migrations in order, as `wrangler d1 migrations apply` would run them.
  for (const file of readdirSync(join(workerDir, 'migrations')).filter((f) => f.endsWith('.sql')).sort()) {
    const sql = readFileSync(join(workerDir, 'migrations', file), 'utf8').replace(/--.*$/gm, '');
    for (const stmt of sql.split(';').map((s) => s.trim()).filter(Boolean)) await db.prepare(stmt).run();
  }

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
  // Alice cancelled (user_authorization_cancellation): her user row and her push events are gone, her
  // session_key forgotten, her session version bumped by the logout, the revoke and the cancellation.
  const events = await db.prepare('SELECT event FROM push_events ORDER BY id').all();
  assert.deepEqual(events.results.map((r) => r.event), []);
  const states = await db.prepare('SELECT open_id, session_key, ver FROM login_state').all();
  const alice = states.results.find((r) => r.session_key === null);
  assert.ok(alice && alice.ver >= 3, `alice's login state: ${JSON.stringify(alice)}`);
  assert.equal(await db.prepare('SELECT * FROM users WHERE open_id = ?1').bind(alice.open_id).first(), null);
  // The session_key stays in D1; the clients only ever held sealed tokens that name the user.
  assert.ok(states.results.filter((r) => r.session_key !== null).every((r) => r.session_key.length === 24));

  // The access_token the Worker used is shared through KV (kvTokenStore), with its expiry.
  const kv = await mf.getKVNamespace('WX_TOKENS');
  const stored = JSON.parse(await kv.get(`wx-open-data:access_token:${DEMO_APPID}`));
  assert.equal(typeof stored.accessToken, 'string');
  assert.ok(stored.expiresAt > Date.now() + 60 * 60_000, `expiresAt ${stored.expiresAt} is not about 2 hours ahead`);
  assert.ok(calls.filter((l) => l.startsWith('POST /cgi-bin/stable_token')).length >= 1, 'the token came from stable_token');
  assert.ok(!calls.some((l) => l.startsWith('GET /cgi-bin/token')), 'the Worker must not use /cgi-bin/token');
});

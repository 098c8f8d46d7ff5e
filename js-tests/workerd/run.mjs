// workerd runner: bundles js-tests/workerd/worker.mjs inside the throwaway consumer project ($app, where
// the packed tarball is installed) the way Wrangler does (esbuild, conditions workerd/worker/browser,
// .wasm imports left as CompiledWasm modules), runs it in workerd through Miniflare's JS API, and
// prints one line per case plus "workerd: N passed, M failed". Usage: node run.mjs APP_DIR
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { readFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { basename, join, relative } from 'node:path';

const app = process.argv[2];
const out = join(app, 'dist-worker');
mkdirSync(out, { recursive: true });

// Wrangler's module rules: `*.wasm` imports become CompiledWasm modules next to the bundle.
const wasmModules = [];
const wasmPlugin = {
  name: 'wrangler-like-wasm',
  setup(b) {
    b.onResolve({ filter: /\.wasm$/ }, (args) => {
      const file = join(args.resolveDir, args.path);
      const name = basename(file);
      copyFileSync(file, join(out, name));
      wasmModules.push({ type: 'CompiledWasm', path: join(out, name) });
      return { path: `./${name}`, external: true };
    });
  },
};

const result = await build({
  absWorkingDir: app,
  entryPoints: [join(app, 'worker.mjs')],
  outfile: join(out, 'worker.js'),
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  conditions: ['workerd', 'worker', 'browser'],
  mainFields: ['browser', 'module', 'main'],
  metafile: true,
  logLevel: 'warning',
  plugins: [wasmPlugin],
});
const inputs = Object.keys(result.metafile.inputs);
const entry = inputs.filter((i) => i.startsWith('node_modules/wx-open-data/') && i.endsWith('.mjs'));
console.log(`bundled ${relative(app, join(out, 'worker.js'))} from ${entry.join(', ')}`);
if (!['workerd.mjs', 'testing.workerd.mjs', 'client.workerd.mjs'].every((f) => entry.includes(`node_modules/wx-open-data/${f}`))) {
  console.log('workerd: 0 passed, 1 failed (the bundler did not pick the workerd entries)');
  process.exit(1);
}

const mf = new Miniflare({
  compatibilityDate: '2026-07-30',
  modulesRoot: out,
  modules: [{ type: 'ESModule', path: join(out, 'worker.js') }, ...wasmModules],
  host: '127.0.0.1',
});
let failed = 0;
let passed = 0;
try {
  const res = await mf.dispatchFetch('http://localhost/');
  const body = await res.json();
  console.log(`runtime: ${body.navigator}`);
  for (const r of body.results) {
    if (r.ok) passed++;
    else failed++;
    console.log(`${r.ok ? 'ok  ' : 'FAIL'} [workerd] ${r.name}${r.ok ? '' : `\n     ${r.error}`}`);
  }
  // One end-to-end request through a handler, as an app would do it.
  const v = JSON.parse(readFileSync(join(app, 'vectors.json'), 'utf8')).openData;
  const good = v[0];
  const bad = v.find((x) => x.expect.code === 'ERR_DECRYPT_FAILED');
  const r1 = await (await mf.dispatchFetch('http://localhost/decrypt', { method: 'POST', body: JSON.stringify(good) })).json();
  const ok1 = r1.ok === true && JSON.stringify(r1.data) === JSON.stringify(JSON.parse(good.expect.plaintext));
  const r2res = await mf.dispatchFetch('http://localhost/decrypt', { method: 'POST', body: JSON.stringify(bad) });
  const r2 = await r2res.json();
  const ok2 = r2res.status === 400 && r2.name === 'WxOpenDataError' && r2.code === 'ERR_DECRYPT_FAILED';
  for (const [name, ok] of [['POST /decrypt returns the payload', ok1], ['POST /decrypt maps a failure to its code', ok2]]) {
    if (ok) passed++;
    else failed++;
    console.log(`${ok ? 'ok  ' : 'FAIL'} [workerd] ${name}`);
  }
} finally {
  await mf.dispose();
}
console.log(`workerd: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);

// Runs the benchmark inside workerd (Miniflare's JS API, workerd from node_modules) and prints one
// JSON object like bench/runtime.mjs. The worker imports the .wasm as a compiled module (as on
// Cloudflare), initialises the web glue with it and calls the package's API (pkg/api.mjs) over it. Baseline there: WebCrypto (async).
// Usage: node bench/workerd.mjs   (env as in bench/runtime.mjs)
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';

const here = (p) => new URL(p, import.meta.url);
const wasmFile = process.env.BENCH_WASM ?? 'wx_open_data_bg.wasm';
const glue = process.env.BENCH_GLUE ?? 'wx_open_data.js';
const payloads = readFileSync(here('./payloads.json'), 'utf8');
const opts = { rounds: Number(process.env.BENCH_ROUNDS ?? 21), targetMs: Number(process.env.BENCH_TARGET_MS ?? 15) };
const pkgDir = process.env.BENCH_PKG ?? here('../pkg').pathname;

const worker = `
import wasmModule from './module.wasm';
import { initSync } from '${pkgDir}/dist/${glue}';
import * as lib from '${pkgDir}/api.mjs';
import { makeContenders } from './contenders.mjs';
import { timeAll, crossCheck, coldStart } from './measure.mjs';
const { payloads } = ${payloads};
export default { async fetch() {
  const t0 = performance.now();
  initSync({ module: wasmModule });
  const importMs = performance.now() - t0;
  const contenders = makeContenders({ lib, nodeCrypto: null, subtle: crypto.subtle });
  await crossCheck(contenders, payloads);
  const cold = coldStart(null, wasmModule);
  const timings = await timeAll(contenders, payloads, ${JSON.stringify(opts)});
  return Response.json({ importMs, cold, timings });
} };`;

const out = await build({
  stdin: { contents: worker, resolveDir: here('.').pathname, sourcefile: 'bench-worker.mjs', loader: 'js' },
  bundle: true, format: 'esm', write: false, platform: 'neutral', external: ['./module.wasm'],
  mainFields: ['module', 'main'], conditions: ['workerd', 'worker', 'browser'],
});
const mf = new Miniflare({
  compatibilityDate: '2025-01-01',
  modules: [
    { type: 'ESModule', path: 'worker.mjs', contents: out.outputFiles[0].text },
    { type: 'CompiledWasm', path: 'module.wasm', contents: readFileSync(`${pkgDir}/dist/${wasmFile}`) },
  ],
});
try {
  const res = await mf.dispatchFetch('http://127.0.0.1/');
  const body = await res.text();
  if (!res.ok) throw new Error(`worker failed: ${body.slice(0, 2000)}`);
  const r = JSON.parse(body);
  const version = readFileSync(here('../node_modules/workerd/package.json'), 'utf8').match(/"version":\s*"([^"]+)"/)[1];
  console.log(JSON.stringify({ runtime: { name: 'workerd', version, engine: 'V8' }, baseline: 'WebCrypto', wasm: wasmFile, ...r, rss: null }));
} finally {
  await mf.dispose();
}

// Benchmark entry for Node, Deno and Bun: `node bench/runtime.mjs`, `deno run -A bench/runtime.mjs`,
// `bun bench/runtime.mjs`. Prints one JSON object (bench/run.mjs collects and renders them).
// Env: BENCH_ROUNDS (21), BENCH_TARGET_MS (15), BENCH_RSS_CALLS (1000000), BENCH_PKG (the package
// directory, default ../pkg; bench/run.mjs passes a snapshot).
import { readFileSync } from 'node:fs';
import * as nodeCrypto from 'node:crypto';
import { makeContenders } from './contenders.mjs';
import { timeAll, crossCheck, coldStart, rssOver } from './measure.mjs';

const env = (k, d) => (globalThis.process?.env?.[k] ?? globalThis.Deno?.env.get(k) ?? d);
const pkgDir = env('BENCH_PKG', new URL('../pkg', import.meta.url).pathname);
const entry = new URL(`file://${pkgDir}/node.mjs`);

// Cold start as a user sees it: the first import of the package in a fresh process (read, compile,
// instantiate, glue). Nothing wasm-related has been loaded before this line.
const t0 = performance.now();
const lib = await import(entry.href);
const importMs = performance.now() - t0;

const runtime = globalThis.Deno
  ? { name: 'Deno', version: Deno.version.deno, engine: `V8 ${Deno.version.v8}` }
  : globalThis.Bun
    ? { name: 'Bun', version: Bun.version, engine: 'JavaScriptCore' }
    : { name: 'Node', version: process.versions.node, engine: `V8 ${process.versions.v8}` };

const { payloads } = JSON.parse(readFileSync(new URL('./payloads.json', import.meta.url), 'utf8'));
const contenders = makeContenders({ lib, nodeCrypto, subtle: globalThis.crypto?.subtle ?? null });
await crossCheck(contenders, payloads);

// The build the Node entry loads (pkg/simd.mjs: the SIMD128 build where WebAssembly SIMD exists).
const { wasmUrl } = await import(`file://${pkgDir}/simd.mjs`);
const wasmPath = wasmUrl;
const bytes = readFileSync(wasmPath);
const cold = coldStart(bytes, null);

const timings = await timeAll(contenders, payloads, {
  rounds: Number(env('BENCH_ROUNDS', 21)),
  targetMs: Number(env('BENCH_TARGET_MS', 15)),
});

const rssFn = globalThis.Deno ? () => Deno.memoryUsage().rss : globalThis.process?.memoryUsage ? () => process.memoryUsage().rss : null;
const user = payloads.find((p) => p.name === '393 B');
const rss = rssOver((i) => lib.decryptOpenData(i), user.input, rssFn, Number(env('BENCH_RSS_CALLS', 1_000_000)));

console.log(JSON.stringify({ runtime, baseline: 'node:crypto', wasm: wasmPath.pathname.split('/').pop(), importMs, cold, timings, rss }));

// Runs in the browser page: the runtime-agnostic suite against the package imported BY NAME (resolved by
// the page's import map, or by esbuild when bundled). Results go to window.__wxResults for run.mjs.
import * as main from 'wx-open-data';
import * as push from 'wx-open-data/push';
import * as diagnose from 'wx-open-data/diagnose';
import { init } from 'wx-open-data/web';
import { cases } from './suite.mjs';
import * as testing from 'wx-open-data/testing';
import * as client from 'wx-open-data/client';
import * as apiSecurity from 'wx-open-data/api-security';
import { testingRoundTrip } from './roundtrip.mjs';
import * as jose from './jose.mjs';

// The suite's `lib` is the union of the subpaths; `modules` lets it check each subpath's own list.
const lib = { ...main, ...push, ...diagnose };
const modules = { main, push, diagnose, testing, client, apiSecurity };

const results = [];
const check = async (name, fn) => {
  try {
    await fn();
    results.push({ name, ok: true });
  } catch (e) {
    results.push({ name, ok: false, error: `${e && e.name}: ${e && e.message}` });
  }
};
try {
  const vectors = await (await fetch(new URL('./vectors.json', location.href))).json();
  await check('the main entry is ready on import (no await init())', () => {
    if (typeof lib.signWithSessionKey('k') !== 'string') throw new Error('not initialised');
  });
  await check('one .wasm per imported subpath; for the main entry the SIMD build, or the baseline one where SIMD is missing', () => {
    const wasm = performance.getEntriesByType('resource').map((e) => e.name.split('/').pop()).filter((n) => n.endsWith('.wasm'));
    const main = window.__wxNoSimd ? 'wx_open_data_bg.nosimd.wasm' : 'wx_open_data_bg.wasm';
    const want = [main, 'push_bg.wasm', 'diagnose_bg.wasm', 'testing_bg.wasm', 'api_security_bg.wasm'].sort();
    if (JSON.stringify(wasm.sort()) !== JSON.stringify(want)) throw new Error(`fetched ${JSON.stringify(wasm)}, expected ${JSON.stringify(want)}`);
  });
  await check("wx-open-data/web: init() is idempotent and resolves after the main entry's load", async () => {
    await Promise.all([init(), init()]);
  });
  await check('wx-open-data/testing: encryptOpenData round-trips through decryptOpenData', () => testingRoundTrip(lib, testing));
  for (const c of cases(lib, vectors, modules, { jose })) await check(c.name, c.fn);
} catch (e) {
  results.push({ name: 'page setup', ok: false, error: `${e && e.name}: ${e && e.message}` });
}
window.__wxResults = { userAgent: navigator.userAgent, results };

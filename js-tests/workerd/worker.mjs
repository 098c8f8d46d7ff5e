// A real module Worker, written as a user writes one: the package is imported by name, and the bundler
// (esbuild with Wrangler's resolution, see run.mjs) picks the `workerd` condition and leaves the .wasm
// import for workerd to compile. GET / runs the runtime-agnostic suite inside workerd and returns results.
import * as main from 'wx-open-data';
import * as push from 'wx-open-data/push';
import * as diagnose from 'wx-open-data/diagnose';
import { cases } from './suite.mjs';
import vectors from './vectors.json';
import * as testing from 'wx-open-data/testing';
import * as client from 'wx-open-data/client';
import * as apiSecurity from 'wx-open-data/api-security';
import { testingRoundTrip } from './roundtrip.mjs';
import * as jose from './jose.mjs';

// The suite's `lib` is the union of the subpaths; `modules` lets it check each subpath's own list.
const lib = { ...main, ...push, ...diagnose };
const modules = { main, push, diagnose, testing, client, apiSecurity };

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === '/decrypt') {
      // The shape of a real handler: JSON body in, payload or a coded error out.
      const { input, options } = await request.json();
      try {
        return Response.json({ ok: true, data: lib.decryptOpenData(input, options) });
      } catch (e) {
        return Response.json({ ok: false, name: e.name, code: e.code, field: e.field }, { status: 400 });
      }
    }
    const results = [];
    const all = [
      { name: 'wx-open-data/testing: encryptOpenData round-trips through decryptOpenData', fn: () => testingRoundTrip(lib, testing) },
      ...cases(lib, vectors, modules, { jose }),
    ];
    for (const c of all) {
      try {
        await c.fn();
        results.push({ name: c.name, ok: true });
      } catch (e) {
        results.push({ name: c.name, ok: false, error: `${e && e.name}: ${e && e.message}` });
      }
    }
    return Response.json({ navigator: globalThis.navigator?.userAgent ?? null, results });
  },
};

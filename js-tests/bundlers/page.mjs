// The page a bundler user builds: imports wx-open-data and its subpaths (the client's JS too) BY NAME from the installed
// tarball, and runs the runtime-agnostic suite plus the checks a bundle can get wrong (the .wasm
// emitted as an asset and fetched from the bundle's output, never from node_modules). Results go to
// window.__wxResults for run.mjs. Built by Vite and by webpack with their default settings.
import * as main from 'wx-open-data';
import * as push from 'wx-open-data/push';
import * as diagnose from 'wx-open-data/diagnose';
import * as testing from 'wx-open-data/testing';
import * as client from 'wx-open-data/client';
import { cases } from './suite.mjs';
import { testingRoundTrip } from './roundtrip.mjs';

const lib = { ...main, ...push, ...diagnose };
const modules = { main, push, diagnose, testing, client };
const results = [];
const check = async (name, fn) => {
  try {
    await fn();
    results.push({ name, ok: true });
  } catch (e) {
    results.push({ name, ok: false, error: `${e && e.name}: ${e && e.message}` });
  }
};
const equal = (a, b, what) => {
  if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`${what}: ${JSON.stringify(a)} !== ${JSON.stringify(b)}`);
};
try {
  const vectors = await (await fetch(new URL('./vectors.json', location.href))).json();
  await check('the official vector decrypts (main entry, ready on import)', () => {
    const v = vectors.openData.find((x) => x.name === 'official getUserInfo vector');
    equal(main.decryptOpenData(v.input, v.options), JSON.parse(v.expect.plaintext), 'decrypted');
  });
  await check('a failure is a WxOpenDataError with its code and field', () => {
    const v = vectors.openData.find((x) => x.name === 'wrong session key');
    try {
      main.decryptOpenData(v.input, v.options);
    } catch (err) {
      equal([err instanceof Error, err.name, err.code, err.field], [true, 'WxOpenDataError', v.expect.code, v.expect.field], 'error');
      return;
    }
    throw new Error('no error thrown');
  });
  await check('wx-open-data/push: the official URL check verifies', () => {
    const c = vectors.push.verify.find((x) => x.name === 'official URL check');
    equal(push.verifyPushSignature(c.input), true, 'verifyPushSignature');
  });
  // A build fetches its emitted assets; Vite's dev server (`?dev`) serves the package's own files.
  const dev = location.search === '?dev';
  await check(`each subpath fetched its own .wasm (4 distinct modules, same origin, ${dev ? 'from the package' : 'none from node_modules'})`, () => {
    const wasm = performance.getEntriesByType('resource').map((e) => new URL(e.name)).filter((u) => u.pathname.endsWith('.wasm'));
    const names = [...new Set(wasm.map((u) => u.pathname))];
    if (names.length !== 4) throw new Error(`fetched ${JSON.stringify(names)}, expected 4 modules`);
    if (wasm.some((u) => u.origin !== location.origin || u.pathname.includes('/node_modules/wx-open-data/dist/') !== dev)) throw new Error(`fetched ${JSON.stringify(names)}`);
  });
  await check('wx-open-data/testing: encryptOpenData round-trips through decryptOpenData', () => testingRoundTrip(lib, testing));
  for (const c of cases(lib, vectors, modules)) await check(c.name, c.fn);
} catch (e) {
  results.push({ name: 'page setup', ok: false, error: `${e && e.name}: ${e && e.message}` });
}
window.__wxResults = { userAgent: navigator.userAgent, results };

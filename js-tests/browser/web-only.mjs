// Runs in the browser page: `wx-open-data/web` alone (no top-level await), the explicit-init path.
// Before init() the API is not usable; after `await init()` the whole suite passes (push and
// diagnose come from their own subpaths, which load their own .wasm).
import * as web from 'wx-open-data/web';
import * as push from 'wx-open-data/push';
import * as diagnose from 'wx-open-data/diagnose';
import { cases } from './suite.mjs';

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
  await check('wx-open-data/web does not load the wasm by itself: a call before init() is ERR_NOT_INITIALIZED', () => {
    const official = { appId: 'wx4f4bc4dec97d474b', sessionKey: 'tiihtNczf5v6AKRyjwEUhQ==', iv: 'r7BXXKkLb8qrSNn05n0qiA==', encryptedData: 'AAAAAAAAAAAAAAAAAAAAAA==' };
    for (const call of [() => web.signWithSessionKey('k'), () => web.decryptOpenData(official), () => web.code2SessionUrl({ appId: 'a', secret: 's', code: 'c' })]) {
      let err;
      try {
        call();
      } catch (e) {
        err = e;
      }
      if (err === undefined) throw new Error('the API worked before init(): this page loaded another entry');
      if (!web.isWxOpenDataError(err) || err.code !== 'ERR_NOT_INITIALIZED') {
        throw new Error(`expected ERR_NOT_INITIALIZED before init(), got ${err && err.name} ${err && err.code}: ${err && err.message}`);
      }
    }
  });
  const vectors = await (await fetch(new URL('./vectors.json', location.href))).json();
  // Pass the module URL explicitly, as an app serving the .wasm from its own path does.
  const wasmUrl = new URL('./node_modules/wx-open-data/dist/wx_open_data_bg.wasm', location.href);
  await check('init({ module_or_path }) loads the wasm', () => web.init({ module_or_path: wasmUrl }));
  for (const c of cases({ ...web, ...push, ...diagnose }, vectors)) await check(c.name, c.fn);
} catch (e) {
  results.push({ name: 'page setup', ok: false, error: `${e && e.name}: ${e && e.message}` });
}
window.__wxResults = { userAgent: navigator.userAgent, results };

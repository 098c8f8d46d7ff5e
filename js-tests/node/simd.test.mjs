// The two shipped builds (dist/wx_open_data_bg.wasm with the SIMD128 AES, dist/wx_open_data_bg.nosimd.wasm
// with RustCrypto `aes`) against node:crypto, from the installed package. Each build gets its own
// instance of the shared glue (a query string makes a separate ES module). Random keys, ivs and
// payload lengths (0..2 KiB plaintext, so 1..129 blocks: every 8-block pass shape), including non-ASCII.
// WX_SIMD_DIFF_N sets the count (default 20,000; the million-input differential against the `aes`
// crate runs on the real SIMD code in the wasm-simd-aes suite).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const pkgDir = dirname(require.resolve('wx-open-data/package.json'));
const N = Number(process.env.WX_SIMD_DIFF_N ?? 20000);

// The public API is bound to the package's own glue instance, so each build is called through its
// glue's raw entry (the one decryptOpenData calls after reading the input object).
async function load(file, tag) {
  const glue = await import(`${pathToFileURL(join(pkgDir, 'dist/wx_open_data.js')).href}?${tag}`);
  glue.initSync({ module: readFileSync(join(pkgDir, 'dist', file)) });
  const encoder = new TextEncoder();
  return {
    decryptOpenData: ({ appId, sessionKey, iv, encryptedData }) => {
      const max = encryptedData.length * 3;
      const ptr = glue.rawDataBuffer(max);
      const view = new Uint8Array(glue.rawMemory().buffer, ptr, max);
      const len = encoder.encodeInto(encryptedData, view).written;
      const out = glue.rawOpenData(0, appId, undefined, sessionKey, iv, len, undefined, 0, 0, 0);
      // A core error comes back as a string: '\0WxOpenDataError:' + code + '\u0001' + field + ...
      if (typeof out === 'string') throw Object.assign(new Error(out), { code: out.split(':')[1].split('\u0001')[0] });
      return out;
    },
  };
}

test('[simd] the loader picks the SIMD build on Node', async () => {
  const { simd, wasmUrl } = await import(pathToFileURL(join(pkgDir, 'simd.mjs')).href);
  assert.equal(simd, true);
  assert.ok(wasmUrl.pathname.endsWith('/dist/wx_open_data_bg.wasm'));
  assert.ok(WebAssembly.validate(readFileSync(join(pkgDir, 'dist/wx_open_data_bg.nosimd.wasm'))));
});

test(`[simd] SIMD and baseline builds agree with node:crypto on ${N} random payloads`, async () => {
  const builds = [
    ['simd', await load('wx_open_data_bg.wasm', 'simd')],
    ['baseline', await load('wx_open_data_bg.nosimd.wasm', 'baseline')],
  ];
  const appId = 'wx4f4bc4dec97d474b';
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789 微信开放数据"\\/\n';
  for (let i = 0; i < N; i++) {
    const key = randomBytes(16);
    const iv = randomBytes(16);
    const len = i % 7 === 0 ? Math.floor(Math.random() * 2000) : Math.floor(Math.random() * 400);
    let s = '';
    for (let k = 0; k < len; k++) s += alphabet[Math.floor(Math.random() * alphabet.length)];
    const plaintext = JSON.stringify({ s, i, watermark: { appid: appId, timestamp: 1700000000 } });
    const c = createCipheriv('aes-128-cbc', key, iv);
    const input = {
      appId,
      sessionKey: key.toString('base64'),
      iv: iv.toString('base64'),
      encryptedData: Buffer.concat([c.update(plaintext, 'utf8'), c.final()]).toString('base64'),
    };
    const want = JSON.parse(plaintext);
    for (const [name, lib] of builds) assert.deepEqual(lib.decryptOpenData(input), want, `${name} build, input ${i}`);
    if (i % 16 === 0) {
      // A wrong key: both builds fail identically (one code, no oracle).
      const bad = { ...input, sessionKey: randomBytes(16).toString('base64') };
      const codes = builds.map(([, lib]) => {
        try {
          lib.decryptOpenData(bad);
          return 'ok';
        } catch (e) {
          return e.code;
        }
      });
      assert.equal(codes[0], codes[1]);
    }
  }
});

// Hardening, Node only (node:crypto is the independent reference):
//  1. Differential: the library against node:crypto (createDecipheriv + TextDecoder fatal +
//     JSON.parse + the object/watermark/openId checks written out in plain JS) on random keys, ivs,
//     payload sizes 0..64 KiB, Unicode (emoji, escaped lone surrogates, raw U+2028/2029), broken JSON,
//     invalid UTF-8 and random ciphertext corruptions: the two must agree on the plaintext and on
//     accept/reject (with the same error code).
//  2. Hostile JavaScript input to every exported function: wrong types, null, revoked and throwing
//     Proxies, huge strings (rejected in bounded time, before any copy into wasm memory),
//     __proto__/constructor keys; then many calls mixing good and bad input: nothing but
//     WxOpenDataError is ever thrown, the instance stays healthy, memory stays flat.
// Sizes come from the environment (make test uses the defaults; make fuzz runs millions):
//   WX_DIFF_CASES (default 3000)  WX_HOSTILE_CALLS (default 60000)  WX_SEED (default: random, printed)
import { test } from 'node:test';
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as lib from 'wx-open-data';
import * as push from 'wx-open-data/push';
import * as testing from 'wx-open-data/testing';

const CASES = Number(process.env.WX_DIFF_CASES ?? 3000);
const CALLS = Number(process.env.WX_HOSTILE_CALLS ?? 60000);
const SEED = Number(process.env.WX_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`# hardening: seed ${SEED} (rerun with WX_SEED=${SEED}), ${CASES} differential cases, ${CALLS} hostile calls`);

// The wasm instance the package loaded (same module URL => same instance): for memory.buffer.
const pkgDir = dirname(createRequire(import.meta.url).resolve('wx-open-data/package.json'));
const { initSync } = await import(pathToFileURL(join(pkgDir, 'dist', 'wx_open_data.js')).href);
const wasmMemory = () => initSync().memory.buffer.byteLength;

// ---------------------------------------------------------------------------------------------
// Deterministic randomness (mulberry32), so a failure is reproducible from its seed.
function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const r = {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (arr) => arr[Math.floor(next() * arr.length)],
    bool: (p = 0.5) => next() < p,
    bytes: (n) => {
      const b = Buffer.alloc(n);
      for (let i = 0; i < n; i++) b[i] = Math.floor(next() * 256);
      return b;
    },
    /** Log-uniform size in 0..max. */
    size: (max) => Math.floor(Math.exp(next() * Math.log(max + 2))) - 1,
  };
  return r;
}

const APPID = 'wx4f4bc4dec97d474b';
const NOW = 1_700_000_000;
const MAX_PLAINTEXT = 64 * 1024;

// Pieces of JSON string content: plain, emoji, CJK, raw U+2028/2029, escapes (incl. lone surrogates).
const STRING_PIECES = [
  'a', 'Band', ' ', 'Guangzhou', '😀', '👨‍👩‍👧', '中文', 'é', '\u2028', '\u2029', '\u00a0', '\ufeff',
  '\\ud800', '\\udc00', '\\uDBFF', '\\ud83d\\ude00', '\\u0000', '\\n', '\\"', '\\\\', '\\/', '\\u2028', '\\t',
];
const KEYS = ['nickName', 'openId', 'unionId', 'gender', '__proto__', 'constructor', 'prototype', 'watermark', 'w\\u0061termark', 'appid', '', '😀'];

function jsonString(r, budget) {
  let s = '';
  while (s.length < budget) s += r.pick(STRING_PIECES);
  return `"${s}"`;
}
function jsonValue(r, budget, depth = 0) {
  switch (r.int(depth > 3 ? 5 : 7)) {
    case 0: return String(r.pick([0, -0, 1, -1.5, 1e21, 1e400, -1e-400, 123456789012345680000, 0.1]));
    case 1: return r.pick(['true', 'false', 'null']);
    case 2: case 3: case 4: return jsonString(r, budget);
    case 5: {
      const n = r.int(4);
      return `[${Array.from({ length: n }, () => jsonValue(r, budget / (n + 1), depth + 1)).join(',')}]`;
    }
    default: {
      const n = r.int(4);
      return `{${Array.from({ length: n }, () => `"${r.pick(KEYS)}":${jsonValue(r, budget / (n + 1), depth + 1)}`).join(',')}}`;
    }
  }
}
function watermark(r) {
  const appid = r.pick([`"${APPID}"`, `"${APPID}"`, `"${APPID}"`, '"wxother000000000"', '"wx4f4bc4dec97d474\\u0062"', '"\\u0077x4f4bc4dec97d474b"', '1', 'null', '"\\ud800"']);
  const ts = r.pick([NOW - 30, NOW - 30, NOW - 601, NOW + 900, '"1"', '1e400', null]);
  const parts = [`"appid":${appid}`];
  if (ts !== null) parts.push(`"timestamp":${ts}`);
  if (r.bool(0.1)) parts.reverse();
  if (r.bool(0.05)) return r.pick(['"wm"', '[]', 'null', '{}', `{"timestamp":${NOW}}`]);
  return `{${parts.join(',')}}`;
}

/** A plaintext: mostly JSON objects with a watermark; also broken JSON, non-objects, bad UTF-8, BOM. */
function plaintext(r) {
  const size = r.size(MAX_PLAINTEXT);
  const ws = () => r.pick(['', '', ' ', '\n', '\t', '\r\n', ' \u2028']); // U+2028 is NOT JSON whitespace
  const members = [];
  if (!r.bool(0.05)) members.push(`"watermark":${watermark(r)}`);
  if (r.bool(0.3)) members.push(`"openId":${r.pick(['"oUser"', '"oOther"', '1', '"\\u006fUser"'])}`);
  let len = members.join(',').length;
  while (len < size) {
    const m = `"${r.pick(KEYS)}"${ws()}:${ws()}${jsonValue(r, Math.min(size - len, 4096))}`;
    members.splice(r.int(members.length + 1), 0, m);
    len += m.length + 1;
  }
  let text = `${ws()}{${members.join(`,${ws()}`)}}${ws()}`;
  let buf = Buffer.from(text, 'utf8');
  switch (r.int(20)) {
    case 0: buf = r.bytes(size); break; // random bytes
    case 1: { // mutate one byte
      if (buf.length) buf[r.int(buf.length)] = r.int(256);
      break;
    }
    case 2: buf = buf.subarray(0, r.int(buf.length + 1)); break; // cut
    case 3: buf = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), buf]); break; // BOM
    case 4: buf = Buffer.from(r.pick(['[1,2]', '"str"', '42', 'null', 'true', '{}', '{"a":1}x', '{"a":1,}', '']), 'utf8'); break;
    case 5: { // invalid UTF-8 inside: lone continuation, overlong, CESU surrogate, truncated sequence
      const bad = r.pick([[0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf0, 0x9f, 0x98], [0xff], [0xf4, 0x90, 0x80, 0x80]]);
      const at = r.int(buf.length + 1);
      buf = Buffer.concat([buf.subarray(0, at), Buffer.from(bad), buf.subarray(at)]);
      break;
    }
    default: break;
  }
  return buf;
}

function encrypt(key, iv, plain, pad = true) {
  const c = createCipheriv('aes-128-cbc', key, iv);
  c.setAutoPadding(pad);
  return Buffer.concat([c.update(plain), c.final()]);
}

/** Random corruption of (key, iv, ciphertext); or none. */
function corrupt(r, key, iv, ct) {
  key = Buffer.from(key); iv = Buffer.from(iv); ct = Buffer.from(ct);
  switch (r.int(12)) {
    case 0: if (ct.length) ct[r.int(ct.length)] ^= 1 << r.int(8); break; // flip a bit anywhere
    case 1: if (ct.length >= 32) ct[ct.length - 17 - r.int(16)] ^= 1 + r.int(255); break; // the pad's mask block
    case 2: if (ct.length > 16) ct = ct.subarray(0, ct.length - 16); break; // drop the last block
    case 3: ct = Buffer.concat([ct, r.bytes(16)]); break; // a random extra block
    case 4: key[r.int(16)] ^= 1 << r.int(8); break; // stale session_key
    case 5: iv[r.int(16)] ^= 1 << r.int(8); break; // wrong iv: first block garbled, padding intact
    case 6: ct = ct.subarray(0, Math.max(0, ct.length - 1 - r.int(15))); break; // not whole blocks
    default: break;
  }
  return { key, iv, ct };
}

// ---------------------------------------------------------------------------------------------
// The reference: node:crypto + WHATWG TextDecoder + JSON.parse + the documented checks, in plain JS.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const isObj = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
function reference({ appId, key, iv, ct }, options) {
  if (ct.length === 0 || ct.length % 16 !== 0) return { code: 'ERR_INVALID_CIPHERTEXT' };
  let obj;
  try {
    const d = createDecipheriv('aes-128-cbc', key, iv); // strict PKCS#7 in OpenSSL's EVP_DecryptFinal
    const plain = Buffer.concat([d.update(ct), d.final()]);
    obj = JSON.parse(utf8.decode(plain));
  } catch {
    return { code: 'ERR_DECRYPT_FAILED' };
  }
  if (!isObj(obj)) return { code: 'ERR_DECRYPT_FAILED' };
  if (!Object.hasOwn(obj, 'watermark')) return { code: 'ERR_WATERMARK_MISSING' };
  const wm = obj.watermark;
  if (!isObj(wm) || !Object.hasOwn(wm, 'appid')) return { code: 'ERR_WATERMARK_MISSING' };
  const allowed = Array.isArray(appId) ? appId : [appId];
  if (typeof wm.appid !== 'string' || !allowed.includes(wm.appid)) return { code: 'ERR_APPID_MISMATCH' };
  if (options.maxAgeSeconds !== undefined) {
    const ts = wm.timestamp;
    if (typeof ts !== 'number' || !Number.isFinite(ts)) return { code: 'ERR_WATERMARK_MISSING' };
    const age = options.now - ts;
    if (age > options.maxAgeSeconds || -age > options.maxAgeSeconds) return { code: 'ERR_WATERMARK_EXPIRED' };
  }
  if (options.openId !== undefined && Object.hasOwn(obj, 'openId') && obj.openId !== options.openId) {
    return { code: 'ERR_OPENID_MISMATCH' };
  }
  return { value: obj };
}

function libResult(input, options) {
  try {
    return { value: lib.decryptOpenData(input, options) };
  } catch (e) {
    if (!(e instanceof Error) || e.name !== 'WxOpenDataError') throw new Error(`non-WxOpenDataError thrown: ${e}`);
    return { code: e.code, message: e.message };
  }
}

/** Run n differential cases from seed; returns counts. Throws with a reproducible description on disagreement. */
export function differential(seed, n) {
  const r = rng(seed);
  const counts = {};
  const decryptMessages = new Set();
  for (let i = 0; i < n; i++) {
    const key = r.bytes(16);
    const iv = r.bytes(16);
    const plain = plaintext(r);
    const ct = r.bool(0.05) && plain.length % 16 === 0 && plain.length > 0 ? encrypt(key, iv, plain, false) : encrypt(key, iv, plain);
    const c = r.bool(0.35) ? corrupt(r, key, iv, ct) : { key, iv, ct };
    const appId = r.bool(0.2) ? ['wxdev000000000000', APPID] : APPID;
    const options = { now: NOW };
    if (r.bool(0.3)) options.maxAgeSeconds = 600;
    if (r.bool(0.2)) options.openId = 'oUser';
    const input = { appId, sessionKey: c.key.toString('base64'), iv: c.iv.toString('base64'), encryptedData: c.ct.toString('base64') };
    const want = reference({ appId, ...c }, options);
    const got = libResult(input, options);
    const where = () => `case ${i} of seed ${seed}: plaintext ${plain.length} bytes ${JSON.stringify(plain.toString('latin1').slice(0, 160))}`;
    if ((want.code ?? 'ok') !== (got.code ?? 'ok')) {
      throw new Error(`${where()}: node:crypto says ${want.code ?? 'ok'}, library says ${got.code ?? 'ok'} (${got.message ?? ''})`);
    }
    if (got.value !== undefined) {
      if (Object.getPrototypeOf(got.value) !== Object.prototype) throw new Error(`${where()}: result prototype changed`);
      if (JSON.stringify(got.value) !== JSON.stringify(want.value)) throw new Error(`${where()}: plaintexts differ`);
    } else {
      if (got.message.includes(input.sessionKey) || got.message.includes(key.toString('base64'))) throw new Error(`${where()}: message contains the key`);
      const text = plain.toString('utf8');
      if (text.length >= 24 && got.message.includes(text.slice(0, 24))) throw new Error(`${where()}: message contains the plaintext`);
      if (got.code === 'ERR_DECRYPT_FAILED') decryptMessages.add(got.message);
    }
    counts[got.code ?? 'ok'] = (counts[got.code ?? 'ok'] ?? 0) + 1;
  }
  if (decryptMessages.size > 1) throw new Error(`ERR_DECRYPT_FAILED has ${decryptMessages.size} different messages (an oracle)`);
  return counts;
}

test(`differential: library vs node:crypto on ${CASES} random cases (sizes 0..64 KiB, Unicode, corruptions)`, () => {
  const counts = differential(SEED, CASES);
  console.log(`# differential outcomes: ${JSON.stringify(counts)}`);
  // The generator must exercise both sides of every check, or the comparison proves little.
  for (const code of ['ok', 'ERR_DECRYPT_FAILED', 'ERR_APPID_MISMATCH', 'ERR_WATERMARK_MISSING', 'ERR_INVALID_CIPHERTEXT']) {
    if (CASES >= 1000 && !(counts[code] > 0)) throw new Error(`no case ended in ${code}: ${JSON.stringify(counts)}`);
  }
});

test('differential: payload sizes at every block boundary, 0..4 KiB and up to 64 KiB', () => {
  const key = Buffer.alloc(16, 7);
  const iv = Buffer.alloc(16, 9);
  for (const size of [...Array.from({ length: 300 }, (_, i) => i), 4095, 4096, 4097, 65519, 65520, 65535, 65536]) {
    const head = `{"watermark":{"appid":"${APPID}","timestamp":${NOW}},"s":"`;
    const fill = Math.max(0, size - head.length - 2);
    const text = size < head.length + 2 ? '{}'.slice(0, size) : `${head}${'\u2028😀a'.repeat(fill).slice(0, fill)}"}`;
    const plain = Buffer.from(text, 'utf8');
    const input = { appId: APPID, sessionKey: key.toString('base64'), iv: iv.toString('base64'), encryptedData: encrypt(key, iv, plain).toString('base64') };
    const want = reference({ appId: APPID, key, iv, ct: encrypt(key, iv, plain) }, { now: NOW });
    const got = libResult(input, { now: NOW });
    if ((want.code ?? 'ok') !== (got.code ?? 'ok')) throw new Error(`size ${size}: ${want.code ?? 'ok'} vs ${got.code ?? 'ok'}`);
    if (got.value && JSON.stringify(got.value) !== JSON.stringify(want.value)) throw new Error(`size ${size}: plaintexts differ`);
  }
});

// ---------------------------------------------------------------------------------------------
// Hostile JavaScript input.
const revoked = Proxy.revocable({}, {});
revoked.revoke();
const revokedArray = Proxy.revocable([], {});
revokedArray.revoke();
const throwing = (what) => new Proxy({}, Object.fromEntries(['get', 'has', 'ownKeys', 'getPrototypeOf', 'getOwnPropertyDescriptor'].map((t) => [t, () => { throw what; }])));
const HOSTILE = [
  null, undefined, 0, -1, NaN, Infinity, 2 ** 53, 1n, true, false, Symbol('s'), '', '\ud800', '\0', 'x',
  {}, [], [[]], [null], () => {}, new String('x'), Object.create(null), new Date(0), /re/, new Uint8Array(16),
  Promise.resolve(1), Object.freeze({}), new Map(), revoked.proxy, revokedArray.proxy,
  throwing(new Error('trap')), throwing(42), throwing(undefined),
  new Proxy([], { get() { throw new Error('array trap'); } }),
  { get appId() { throw new Error('getter'); }, get sessionKey() { throw 'str'; } },
  { toString() { throw new Error('toString'); }, valueOf() { throw new Error('valueOf'); } },
  { length: 2 ** 32 - 1 }, new Array(2 ** 31), Object.assign([], { length: 5000 }),
];
// Every field name the API reads, with plausible values; hostile values replace one at a time.
const TEMPLATE = {
  appId: APPID, sessionKey: 'tiihtNczf5v6AKRyjwEUhQ==', encryptedData: 'CiyLU1Aw2KjvrjMdj8YKlg==', iv: 'r7BXXKkLb8qrSNn05n0qiA==',
  rawData: '{}', signature: '75e81ceda165f4ffa64f4068af58c64b8f54b88c', body: '', secret: 's', code: 'c', accessToken: 't',
  openId: 'o', token: 't', timestamp: '1', nonce: 'n', msgSignature: 'm', encodingAesKey: 'k', encrypt: 'e', message: 'm',
  sessionKeys: ['tiihtNczf5v6AKRyjwEUhQ=='], kind: 'userInfo', errcode: 0, forceRefresh: false, toUserName: 'a', fromUserName: 'b',
  encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', Encrypt: 'e', MsgSignature: 'm', TimeStamp: '1',
  query: { timestamp: '1', nonce: 'n', signature: 's', echostr: 'e', msg_signature: 'm' }, data: '{}', format: 'json', random: 'abcdefghijklmnop',
  maxAgeSeconds: 1, now: 1, requireWatermark: true, echostr: 'e', url: '/push', contentType: 'text/xml',
  platform: 'douyin', anonymousCode: 'a', baseUrl: 'https://x.example', appKey: 'k', aesKey: 'k', response: 'r', sign: 's',
  alipayPublicKey: 'k', allowUnsigned: false,
  // sealSession / openSession
  keys: [{ id: 'k1', secret: 'AQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM09o' }], ttlSeconds: 60, clockToleranceSeconds: 1, sub: 'o', appid: APPID,
};
// The login module, and the push and testing modules (each its own wasm instance).
const functions = [...Object.entries(lib), ...Object.entries(push), ...Object.entries(testing)].filter(([, f]) => typeof f === 'function');
const isClass = (f) => /^class\b/.test(Function.prototype.toString.call(f));
// The functions that return a promise (their failures are rejections, checked like throws).
const ASYNC = new Set(['decryptAlipayPhoneNumber']);
const pending = [];
function checked(name, args, e) {
  if (!(e instanceof Error) || e.name !== 'WxOpenDataError' || typeof e.code !== 'string' || !e.code.startsWith('ERR_')) {
    const shown = e instanceof Error ? `${e.name}: ${e.message}` : typeof e === 'symbol' ? e.toString() : String(e);
    throw new Error(`${name}(${args.length} args) threw something other than a WxOpenDataError: ${shown}`);
  }
  return e.code;
}
function call(name, f, args) {
  try {
    const out = isClass(f) ? new f(...args) : f(...args);
    if (out && typeof out.then === 'function') {
      if (!ASYNC.has(name)) throw new Error(`${name} returned a promise`);
      pending.push(out.then(() => 'ok', (e) => checked(name, args, e)));
    }
    return 'ok';
  } catch (e) {
    if (ASYNC.has(name)) throw new Error(`${name} threw instead of rejecting: ${e?.message ?? e}`);
    return checked(name, args, e);
  }
}
/** Wait for the promises of the async functions and check their rejections. */
async function settle() {
  const all = pending.splice(0);
  await Promise.all(all);
  return all.length;
}
function healthy() {
  const key = Buffer.from(TEMPLATE.sessionKey, 'base64');
  const iv = Buffer.from(TEMPLATE.iv, 'base64');
  const text = `{"a":"😀","watermark":{"appid":"${APPID}","timestamp":${NOW}}}`;
  const out = lib.decryptOpenData({ appId: APPID, sessionKey: TEMPLATE.sessionKey, iv: TEMPLATE.iv, encryptedData: encrypt(key, iv, Buffer.from(text)).toString('base64') }, { now: NOW });
  if (JSON.stringify(out) !== text) throw new Error('instance unhealthy: wrong result');
}

test(`hostile input: every exported function (${functions.length}) with wrong types, null, revoked/throwing Proxies, throwing getters`, async () => {
  let calls = 0;
  for (const [name, f] of functions) {
    for (const h of HOSTILE) {
      call(name, f, [h]);
      call(name, f, [h, h]);
      call(name, f, [TEMPLATE, h]);
      call(name, f, ['tiihtNczf5v6AKRyjwEUhQ==', h]);
      calls += 4;
      for (const k of Object.keys(TEMPLATE)) {
        call(name, f, [{ ...TEMPLATE, [k]: h }]);
        call(name, f, [{ ...TEMPLATE, [k]: h }, { now: NOW, maxAgeSeconds: h }]);
        calls += 2;
      }
    }
  }
  const settled = await settle();
  healthy();
  console.log(`# hostile matrix: ${calls} calls (${settled} promises), only WxOpenDataError thrown or rejected, instance healthy`);
});

test('hostile input: huge strings are rejected in bounded time, before any copy into wasm memory', () => {
  const sizes = [2 ** 20 + 1, 2 ** 24, 2 ** 28];
  const fields = ['encryptedData', 'sessionKey', 'iv', 'appId'];
  const rows = [];
  const memBefore = wasmMemory();
  for (const n of sizes) {
    const huge = 'A'.repeat(n);
    huge.charCodeAt(n - 1); // materialize
    for (const field of fields) {
      const times = [];
      for (let i = 0; i < 7; i++) {
        const t0 = process.hrtime.bigint();
        const code = call('decryptOpenData', lib.decryptOpenData, [{ ...TEMPLATE, [field]: huge }]);
        times.push(Number(process.hrtime.bigint() - t0) / 1e6);
        if (code !== 'ERR_INPUT_TOO_LARGE') throw new Error(`${field} of ${n} chars: ${code}`);
      }
      times.sort((a, b) => a - b);
      rows.push({ n, field, median: times[3] });
    }
  }
  const memAfter = wasmMemory();
  for (const r of rows) console.log(`# ${r.field} of ${r.n} chars: rejected in ${r.median.toFixed(3)} ms (median of 7)`);
  console.log(`# wasm memory ${memBefore} -> ${memAfter} bytes`);
  if (memAfter !== memBefore) throw new Error(`wasm memory grew from ${memBefore} to ${memAfter}: a huge string was copied`);
  // Bounded: a 256 Mi-character string costs no more than a 1 Mi one (no copy, no scan).
  const worst = Math.max(...rows.map((r) => r.median));
  if (worst > 5) throw new Error(`rejecting a huge string took ${worst} ms`);
  healthy();
});

test('hostile input: __proto__ and constructor keys in payloads never touch a prototype', () => {
  const key = Buffer.from(TEMPLATE.sessionKey, 'base64');
  const iv = Buffer.from(TEMPLATE.iv, 'base64');
  const text = `{"__proto__":{"polluted":1,"watermark":{"appid":"wxevil"}},"constructor":{"prototype":{"polluted":1}},` +
    `"watermark":{"appid":"${APPID}","timestamp":${NOW},"__proto__":{"appid":"wxevil"}},"nested":{"__proto__":{"polluted":1}}}`;
  const out = lib.decryptOpenData({ appId: APPID, sessionKey: TEMPLATE.sessionKey, iv: TEMPLATE.iv, encryptedData: encrypt(key, iv, Buffer.from(text)).toString('base64') }, { now: NOW });
  if (Object.getPrototypeOf(out) !== Object.prototype) throw new Error('result prototype replaced');
  if (!Object.hasOwn(out, '__proto__') || !Object.hasOwn(out.nested, '__proto__')) throw new Error('__proto__ is not an own property');
  if (Object.getPrototypeOf(out.nested) !== Object.prototype) throw new Error('nested prototype replaced');
  if ({}.polluted !== undefined || Object.prototype.polluted !== undefined || out.polluted !== undefined) throw new Error('Object.prototype polluted');
  if (out.constructor !== Object.prototype.constructor && typeof out.constructor !== 'object') throw new Error('constructor');
  if (JSON.stringify(out) !== JSON.stringify(JSON.parse(text))) throw new Error('differs from JSON.parse');
  // A watermark smuggled through __proto__ is not a watermark.
  const smuggled = `{"__proto__":{"watermark":{"appid":"${APPID}"}}}`;
  const code = call('decryptOpenData', lib.decryptOpenData, [{ appId: APPID, sessionKey: TEMPLATE.sessionKey, iv: TEMPLATE.iv, encryptedData: encrypt(key, iv, Buffer.from(smuggled)).toString('base64') }, { now: NOW }]);
  if (code !== 'ERR_WATERMARK_MISSING') throw new Error(`smuggled watermark: ${code}`);
});

test(`hostile input: ${CALLS} calls mixing good and bad input; only WxOpenDataError, healthy after, memory flat`, async () => {
  const r = rng(SEED ^ 0x5bd1e995);
  const key = Buffer.from(TEMPLATE.sessionKey, 'base64');
  const iv = Buffer.from(TEMPLATE.iv, 'base64');
  const good = { appId: APPID, sessionKey: TEMPLATE.sessionKey, iv: TEMPLATE.iv, encryptedData: encrypt(key, iv, Buffer.from(`{"watermark":{"appid":"${APPID}","timestamp":${NOW}}}`)).toString('base64') };
  const stale = { ...good, sessionKey: Buffer.alloc(16, 1).toString('base64') };
  const big = { ...good, encryptedData: 'A'.repeat(2 ** 20 + 8) };
  const nearLimit = { ...good, encryptedData: 'A'.repeat(2 ** 20) }; // copied, decoded, then rejected (ERR_DECRYPT_FAILED)
  const mixes = [
    () => call('decryptOpenData', lib.decryptOpenData, [good, { now: NOW }]),
    () => call('decryptOpenData', lib.decryptOpenData, [stale, { now: NOW }]),
    () => call('decryptOpenData', lib.decryptOpenData, [big]),
    () => call('decryptOpenData', lib.decryptOpenData, [{ ...good, [r.pick(Object.keys(good))]: r.pick(HOSTILE) }, r.pick([undefined, { now: NOW }, r.pick(HOSTILE)])]),
    () => { const [name, f] = r.pick(functions); return call(name, f, [r.pick([TEMPLATE, { ...TEMPLATE, [r.pick(Object.keys(TEMPLATE))]: r.pick(HOSTILE) }, r.pick(HOSTILE)]), r.pick(HOSTILE)]); },
    () => call('verifyRawDataSignature', lib.verifyRawDataSignature, [{ rawData: '{}', signature: r.pick(['', 'zz', '0'.repeat(40), 'A'.repeat(200)]), sessionKey: TEMPLATE.sessionKey }]),
  ];
  const sample = () => ({ rss: process.memoryUsage().rss, wasm: wasmMemory() });
  call('decryptOpenData', lib.decryptOpenData, [nearLimit]);
  for (let i = 0; i < Math.min(5000, CALLS); i++) r.pick(mixes)(); // warm-up: heap and wasm memory reach their working size
  await settle();
  globalThis.gc?.();
  const before = sample();
  for (let i = 0; i < CALLS; i++) {
    r.pick(mixes)();
    if (i % 1000 === 0) {
      call('decryptOpenData', lib.decryptOpenData, [nearLimit]);
      await settle();
    }
  }
  await settle();
  globalThis.gc?.();
  const after = sample();
  healthy();
  console.log(`# ${CALLS} mixed calls: rss ${(before.rss / 2 ** 20).toFixed(1)} -> ${(after.rss / 2 ** 20).toFixed(1)} MiB, wasm memory ${before.wasm} -> ${after.wasm} bytes`);
  if (after.wasm !== before.wasm) throw new Error(`wasm memory grew from ${before.wasm} to ${after.wasm}`);
  if (after.rss - before.rss > 96 * 2 ** 20) throw new Error(`rss grew by ${((after.rss - before.rss) / 2 ** 20).toFixed(1)} MiB`);
});

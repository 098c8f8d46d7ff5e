// Seed the fuzz corpora from the shared vectors (tests/vectors/*.json). Usage: node fuzz/seeds.mjs
// Writes fuzz/corpus/<target>/seed-* (the fuzzer adds its own finds beside them; corpus/ is not
// committed). Field layout per target: see fuzz/fuzz_targets/common.rs (flag byte, fields split by 0xFF).
import { createDecipheriv, createCipheriv, createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const vectorsDir = join(here, '..', 'tests', 'vectors');
const KEY = Buffer.from('tiihtNczf5v6AKRyjwEUhQ==', 'base64');
const IV = Buffer.from('r7BXXKkLb8qrSNn05n0qiA==', 'base64');
const SEP = Buffer.from([0xff]);

const corpora = new Map();
const add = (target, buf) => {
  const b = Buffer.isBuffer(buf) ? buf : Buffer.from(buf, 'utf8');
  if (!corpora.has(target)) corpora.set(target, new Map());
  corpora.get(target).set(createHash('sha1').update(b).digest('hex'), b);
};
const joined = (flags, fields) =>
  Buffer.concat([Buffer.from([flags]), ...fields.flatMap((f, i) => (i ? [SEP, Buffer.from(String(f))] : [Buffer.from(String(f))]))]);

/** Every string anywhere in a JSON value. */
const strings = (v, out = []) => {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => strings(x, out));
  else if (v && typeof v === 'object') Object.values(v).forEach((x) => strings(x, out));
  return out;
};

const decryptRaw = (key, iv, ct) => {
  try {
    const d = createDecipheriv('aes-128-cbc', key, iv);
    d.setAutoPadding(false);
    return Buffer.concat([d.update(ct), d.final()]);
  } catch {
    return null;
  }
};
const unpad = (buf) => {
  const p = buf[buf.length - 1];
  if (!p || p > 16 || p > buf.length) return buf;
  return buf.subarray(0, buf.length - p);
};
const encryptRaw = (plain) => {
  const c = createCipheriv('aes-128-cbc', KEY, IV);
  c.setAutoPadding(false);
  return Buffer.concat([c.update(plain), c.final()]);
};

for (const file of readdirSync(vectorsDir).filter((f) => f.endsWith('.json'))) {
  const doc = JSON.parse(readFileSync(join(vectorsDir, file), 'utf8'));
  for (const s of strings(doc)) {
    add('base64', s);
    add('json_differential', s);
    add('signatures', joined(0, [s, 'HyVFkGl5F5OQWJZZaNzBBg==', '']));
  }
  for (const v of doc.openData ?? []) {
    const i = v.input ?? {};
    const appId = Array.isArray(i.appId) ? i.appId[0] ?? '' : typeof i.appId === 'string' ? i.appId : '';
    const str = (x) => (typeof x === 'string' ? x : '');
    const o = v.options ?? {};
    const flags = (o.maxAgeSeconds !== undefined ? 4 : 0) | (o.openId ? 8 : 0) | (o.repairBase64 ? 0x40 : 0);
    add('open_data', joined(flags, [appId, str(i.sessionKey), str(i.encryptedData), str(i.iv), o.openId ?? '']));
    if (v.expect?.plaintext !== undefined) {
      add('json_differential', v.expect.plaintext);
      add('open_data_keyed', Buffer.concat([Buffer.from([1]), Buffer.from(v.expect.plaintext)]));
    }
    // Decrypt with the vector's own key (whatever the outcome) to get plaintexts of failure cases.
    try {
      const key = Buffer.from(str(i.sessionKey), 'base64');
      const iv = Buffer.from(str(i.iv), 'base64');
      const ct = Buffer.from(str(i.encryptedData), 'base64');
      if (key.length === 16 && iv.length === 16 && ct.length && ct.length % 16 === 0) {
        const raw = decryptRaw(key, iv, ct);
        if (raw) {
          add('open_data_keyed', Buffer.concat([Buffer.from([1]), unpad(raw)]));
          add('open_data_keyed', Buffer.concat([Buffer.from([0]), encryptRaw(raw)]));
          add('json_differential', unpad(raw));
          add('cbc_padding', Buffer.concat([Buffer.from([16]), raw]));
        }
      }
    } catch {}
  }
  for (const list of Object.values(doc.signatures ?? {})) {
    for (const s of Array.isArray(list) ? list : []) {
      add('signatures', joined(0, [s.rawData ?? s.body ?? '', s.sessionKey ?? '', s.signature ?? '']));
    }
  }
}
// Typed decoders, API responses, pushes, diagnose.
for (const s of corpora.get('json_differential')?.values() ?? []) {
  for (const kind of [0, 1, 2, 3, 4, 5]) add('payload', Buffer.concat([Buffer.from([kind]), s]));
  add('wx_api', Buffer.concat([Buffer.from([0]), s]));
  add('diagnose', Buffer.concat([Buffer.from([1]), s]));
}
for (const r of ['{"openid":"o","session_key":"tiihtNczf5v6AKRyjwEUhQ==","unionid":"u"}', '{"errcode":40029,"errmsg":"invalid code"}',
  '{"access_token":"t","expires_in":7200}', '{"errcode":0,"errmsg":"ok","phone_info":{"phoneNumber":"+86 138","purePhoneNumber":"138","countryCode":"86","watermark":{"appid":"wx4f4bc4dec97d474b","timestamp":1700000000}}}']) {
  add('wx_api', joined(1, [r, 'wx4f4bc4dec97d474b', 'secret', 'code']));
}
for (const v of corporaPush()) {
  add('push', joined(0 | 4 | 8, [v.encrypt ?? '', v.encodingAesKey ?? '', v.timestamp ?? '', v.nonce ?? '', v.msgSignature ?? '']));
  add('push', joined(1, [v.message ?? '']));
  add('push', joined(2, [v.message ?? '']));
  add('push', joined(3 | 4 | 8 | 16 | 64 | 128, [v.body ?? '', v.signature ?? '', v.timestamp ?? '', v.nonce ?? '', v.echostr ?? '', v.msgSignature ?? '']));
}
for (const v of readVectors('open-data.json').openData ?? []) {
  const i = v.input ?? {};
  const str = (x) => (typeof x === 'string' ? x : '');
  add('diagnose', joined(2 | 4 | 8, [str(i.sessionKey), str(i.encryptedData), str(i.iv)]));
  // diagnose_verdict: sessionKey, encryptedData, iv, appIds (comma-separated), age seed, openId.
  const ids = Array.isArray(i.appId) ? i.appId.join(',') : str(i.appId);
  add('diagnose_verdict', joined(2 | 4 | 8, [str(i.sessionKey), str(i.encryptedData), str(i.iv), ids, '', '']));
  add('diagnose_verdict', joined(2 | 4 | 8 | 16 | 32 | 64, [str(i.sessionKey), str(i.encryptedData), str(i.iv), ids, 'x'.repeat(60), 'oUser']));
}
// diagnose_verdict with bit 0: the plaintext is encrypted under the real key, so the steps after
// decryption (watermark, age, openId, shape) are reached.
for (const s of corpora.get('json_differential')?.values() ?? []) {
  add('diagnose_verdict', joined(1, ['', s.toString('utf8'), '', 'wx4f4bc4dec97d474b', '', '']));
}
// session: claims text and a token (session.json: the jose-made tokens and every refused case).
{
  const v = readVectors('session.json');
  for (const c of v.seal ?? []) add('session', joined(7, [c.claimsText ?? '', c.token ?? '']));
  for (const c of v.open ?? []) add('session', joined(3, [c.claimsText ?? '{"sub":"o","appid":"w"}', c.token ?? '']));
  for (const c of v.badClaims ?? []) add('session', joined(5, [c.claimsText ?? '', '']));
}
for (const extra of ['{"a":1e400}', '"\\ud800"', '[1e-400,-0]', '{"__proto__":{"x":1}}', '[[[[]]]]', '{"a":"\u2028"}']) {
  add('json_differential', extra);
}

function readVectors(f) {
  try {
    return JSON.parse(readFileSync(join(vectorsDir, f), 'utf8'));
  } catch {
    return {};
  }
}
/** Every object in push.json that has push fields, with its input and expect merged. */
function corporaPush() {
  const out = [];
  const walk = (v) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      if (v.input && typeof v.input === 'object') out.push({ ...v.input, ...(v.input.query ?? {}), ...(v.expect ?? {}) });
      Object.values(v).forEach(walk);
    }
  };
  walk(readVectors('push.json'));
  for (const x of out) for (const k of Object.keys(x)) if (typeof x[k] !== 'string') delete x[k];
  return out;
}

let total = 0;
for (const [target, seeds] of corpora) {
  const dir = join(here, 'corpus', target);
  mkdirSync(dir, { recursive: true });
  for (const [name, buf] of seeds) writeFileSync(join(dir, `seed-${name}`), buf);
  total += seeds.size;
}
console.log(`fuzz seeds: ${total} files in ${corpora.size} corpora from ${vectorsDir}`);

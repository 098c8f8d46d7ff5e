// Padding-oracle timing: how much does the time of a failing decryptOpenData call tell an attacker
// about WHY it failed? Every case below ends in the same ERR_DECRYPT_FAILED (same code, same
// message); this measures the time of each, interleaved, and prints medians and ratios.
// Not a test: nothing asserts a time. Method and results: SECURITY.md ("Padding oracle").
// Usage: node bench/oracle.mjs [rounds=41] [callsPerBatch=2000] [size=400]
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { decryptOpenData } from '../pkg/node.mjs';

const rounds = Number(process.argv[2] ?? 41);
const batch = Number(process.argv[3] ?? 2000);
const size = Number(process.argv[4] ?? 400); // plaintext bytes (the official userInfo vector is 393)
const APPID = 'wx4f4bc4dec97d474b';
const key = randomBytes(16);
const iv = randomBytes(16);
const b64 = (b) => Buffer.from(b).toString('base64');

function enc(plain, pad = true) {
  const c = createCipheriv('aes-128-cbc', key, iv);
  c.setAutoPadding(pad);
  return Buffer.concat([c.update(plain), c.final()]);
}
function dec(ct) {
  const d = createDecipheriv('aes-128-cbc', key, iv);
  d.setAutoPadding(false);
  return Buffer.concat([d.update(ct), d.final()]);
}
const validPadding = (p) => {
  const n = p[p.length - 1];
  return n >= 1 && n <= 16 && p.subarray(p.length - n).every((b) => b === n);
};
// A realistic payload of `size` bytes: a JSON object with a watermark.
const head = `{"openId":"oGZUI0egBJY1zhBYw2KhdUfwVJJE","watermark":{"timestamp":1477314187,"appid":"${APPID}"},"nickName":"`;
const text = `${head}${'Band😀'.repeat(size).slice(0, Math.max(0, size - head.length - 2))}"}`;
const plain = Buffer.from(text, 'utf8');
const good = enc(plain);

// The attacker's move: change block n-1 of the ciphertext, which garbles plaintext block n-1 and
// XORs the change into block n (the padding). Keep trying until each outcome is found.
function tamper(want) {
  for (let i = 0; i < 1e6; i++) {
    const ct = Buffer.from(good);
    const at = ct.length - 32 + (i % 16);
    ct[at] ^= 1 + (i % 255);
    ct[ct.length - 32 + ((i * 7) % 16)] ^= (i >> 8) & 0xff;
    if (validPadding(dec(ct)) === want) return ct;
  }
  throw new Error('no tampered ciphertext found');
}
// A plaintext whose only fault is invalid UTF-8 / invalid JSON / bad padding, at the very end.
const badUtf8 = enc(Buffer.concat([plain.subarray(0, plain.length - 2), Buffer.from([0xff]), plain.subarray(plain.length - 1)]));
const badJson = enc(Buffer.from(`${text.slice(0, -1)} x`));
const padOnly = (() => {
  // Valid JSON, then a last block whose padding is wrong (last byte 0x00), encrypted raw.
  const body = Buffer.from(text);
  const fill = 16 - (body.length % 16);
  return enc(Buffer.concat([body, Buffer.alloc(fill, 0x20).fill(0, fill - 1)]), false);
})();

const cases = {
  'tampered, bad padding': tamper(false),
  'tampered, good padding (then bad UTF-8/JSON)': tamper(true),
  'bad padding only (valid JSON before it)': padOnly,
  'good padding, invalid UTF-8 at the end': badUtf8,
  'good padding, invalid JSON at the end': badJson,
};
const inputs = Object.fromEntries(
  Object.entries(cases).map(([name, ct]) => [name, { appId: APPID, sessionKey: b64(key), iv: b64(iv), encryptedData: b64(ct) }]),
);
// Every case must fail the same way, or the timing comparison is moot.
const messages = new Set();
for (const [name, input] of Object.entries(inputs)) {
  try {
    decryptOpenData(input);
    throw new Error(`${name} decrypted`);
  } catch (e) {
    if (e.code !== 'ERR_DECRYPT_FAILED') throw new Error(`${name}: ${e.code}`);
    messages.add(e.message);
  }
}
if (messages.size !== 1) throw new Error('different messages');

const names = Object.keys(inputs);
const samples = Object.fromEntries(names.map((n) => [n, []]));
function timeBatch(input) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < batch; i++) {
    try {
      decryptOpenData(input);
    } catch {}
  }
  return Number(process.hrtime.bigint() - t0) / batch;
}
for (const n of names) timeBatch(inputs[n]); // warm-up
for (let r = 0; r < rounds; r++) {
  // Interleaved, in a different order every round.
  const order = [...names].sort(() => Math.random() - 0.5);
  for (const n of order) samples[n].push(timeBatch(inputs[n]));
}
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const meds = Object.fromEntries(names.map((n) => [n, median(samples[n])]));
const base = Math.min(...Object.values(meds));
console.log(`oracle timing: ${size}-byte payload (${good.length}-byte ciphertext), ${rounds} interleaved rounds x ${batch} calls, node ${process.version}`);
for (const n of names) {
  console.log(`  ${n.padEnd(46)} ${(meds[n] / 1000).toFixed(3)} us/call  x${(meds[n] / base).toFixed(3)}`);
}
const spread = Math.max(...Object.values(meds)) / base;
console.log(`  largest ratio between failure paths: ${spread.toFixed(3)}`);

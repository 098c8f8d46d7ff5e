// First benchmark: decryptOpenData against node:crypto doing the official sample's work
// (createDecipheriv + JSON.parse + appid check) on the official 393-byte vector, in one process.
// Interleaved rounds, per-call medians, and the ratio. Not a test: nothing here asserts a time.
// Usage: node bench/decrypt.mjs [rounds=15] [callsPerRound=20000]
import { createDecipheriv } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { decryptOpenData } from '../pkg/node.mjs';

const vectors = JSON.parse(readFileSync(new URL('../tests/vectors/open-data.json', import.meta.url), 'utf8'));
const v = vectors.openData[0].input;
const rounds = Number(process.argv[2] ?? 15);
const calls = Number(process.argv[3] ?? 20000);

function nodeCrypto({ appId, sessionKey, encryptedData, iv }) {
  const d = createDecipheriv('aes-128-cbc', Buffer.from(sessionKey, 'base64'), Buffer.from(iv, 'base64'));
  d.setAutoPadding(true);
  const text = Buffer.concat([d.update(Buffer.from(encryptedData, 'base64')), d.final()]).toString('utf8');
  const out = JSON.parse(text);
  if (out.watermark.appid !== appId) throw new Error('Illegal Buffer');
  return out;
}
const wasm = (input) => decryptOpenData(input);

const contenders = { 'wx-open-data (wasm)': wasm, 'node:crypto (official sample)': nodeCrypto };
// Same output first: a benchmark of different work is meaningless.
const expected = JSON.stringify(nodeCrypto(v));
for (const [name, fn] of Object.entries(contenders)) {
  if (JSON.stringify(fn(v)) !== expected) throw new Error(`${name} gives a different result`);
}

const samples = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
for (let r = 0; r < rounds + 2; r++) {
  for (const [name, fn] of Object.entries(contenders)) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < calls; i++) fn(v);
    const us = Number(process.hrtime.bigint() - t0) / 1000 / calls;
    if (r >= 2) samples[name].push(us); // the first two rounds warm the JIT
  }
}
const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  return s[Math.floor(s.length / 2)];
};
console.log(`node ${process.version}, 393-byte payload, ${rounds} interleaved rounds x ${calls} calls`);
const base = median(samples['node:crypto (official sample)']);
for (const [name, s] of Object.entries(samples)) {
  const m = median(s);
  console.log(`${name.padEnd(32)} median ${m.toFixed(2)} us/call   ratio vs node:crypto ${(base / m).toFixed(2)}x`);
}

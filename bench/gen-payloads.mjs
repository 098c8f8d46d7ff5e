// Regenerates bench/payloads.json: the three benchmark payloads, encrypted with node:crypto.
// 150 B phone number (getPhoneNumber), 393 B user info (the official WeChat sample vector, as is),
// about 4 KiB WeRun (getWeRunData, stepInfoList). Deterministic. Usage: node bench/gen-payloads.mjs
import { createCipheriv, createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

const vectors = JSON.parse(readFileSync(new URL('../tests/vectors/open-data.json', import.meta.url), 'utf8'));
const official = vectors.openData[0];
const APPID = official.input.appId;
const TS = 1477314187;
const bytes = (label, n) => createHash('sha256').update(label).digest().subarray(0, n);
const key = bytes('wx-open-data bench key', 16);
const iv = bytes('wx-open-data bench iv', 16);
const enc = (text) => {
  const c = createCipheriv('aes-128-cbc', key, iv);
  return Buffer.concat([c.update(text, 'utf8'), c.final()]).toString('base64');
};
const input = (text) => ({ appId: APPID, sessionKey: key.toString('base64'), iv: iv.toString('base64'), encryptedData: enc(text) });

const phone = JSON.stringify({
  phoneNumber: '13580006666',
  purePhoneNumber: '13580006666',
  countryCode: '86',
  watermark: { appid: APPID, timestamp: TS },
});
// WeRun: 31 days is about 1.1 KiB; a 4 KiB payload is what a long history (about 110 days) gives.
const steps = [];
for (let i = 0; Buffer.byteLength(JSON.stringify({ stepInfoList: steps, watermark: { appid: APPID, timestamp: TS } })) < 4096 - 40; i++) {
  steps.push({ timestamp: 1445866601 + 86400 * i, step: (i * 7919) % 20000 });
}
const werun = JSON.stringify({ stepInfoList: steps, watermark: { appid: APPID, timestamp: TS } });

const payloads = [
  { name: '150 B', what: 'phone number', plaintext: phone, input: input(phone) },
  { name: '393 B', what: 'user info (official sample)', plaintext: official.expect.plaintext, input: official.input },
  { name: '4 KiB', what: 'WeRun steps', plaintext: werun, input: input(werun) },
];
for (const p of payloads) p.bytes = Buffer.byteLength(p.plaintext);
writeFileSync(new URL('./payloads.json', import.meta.url), JSON.stringify({ generatedBy: 'bench/gen-payloads.mjs (node:crypto)', payloads }, null, 1) + '\n');
console.log(payloads.map((p) => `${p.name}: ${p.bytes} bytes plaintext, ${Buffer.from(p.input.encryptedData, 'base64').length} bytes ciphertext`).join('\n'));

// Re-checks the AES-CBC vectors in tests/vectors/ (NIST SP 800-38A F.2.2, Wycheproof AES-CBC-PKCS5)
// with node:crypto (OpenSSL), an implementation independent of this crate: valid vectors decrypt to
// their message, invalid (bad padding) ones are rejected. Usage: node scripts/check-aes-vectors.mjs
import { createDecipheriv } from 'node:crypto';
import { readFileSync } from 'node:fs';

const read = (f) => JSON.parse(readFileSync(new URL(`../tests/vectors/${f}`, import.meta.url), 'utf8'));
const hex = (s) => Buffer.from(s, 'hex');
let n = 0;
for (const t of read('nist-sp800-38a-cbc.json').tests) {
  const d = createDecipheriv('aes-128-cbc', hex(t.key), hex(t.iv));
  d.setAutoPadding(false);
  if (Buffer.concat([d.update(hex(t.ciphertext)), d.final()]).toString('hex') !== t.plaintext) throw new Error(`${t.name} disagrees with node:crypto`);
  n++;
}
for (const g of read('wycheproof-aes-cbc-pkcs5.json').testGroups) {
  for (const t of g.tests) {
    const d = createDecipheriv('aes-128-cbc', hex(t.key), hex(t.iv));
    let out = null;
    try {
      out = Buffer.concat([d.update(hex(t.ct)), d.final()]).toString('hex');
    } catch {
      out = null;
    }
    if (t.result === 'valid' ? out !== t.msg : out !== null) throw new Error(`Wycheproof tcId ${t.tcId} disagrees with node:crypto`);
    n++;
  }
}
console.log(`check-aes-vectors: ${n} vectors agree with node:crypto`);

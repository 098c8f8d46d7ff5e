// The contenders, written the way a user would write them, portable across Node, Deno, Bun and
// workerd. Each takes { appId, sessionKey, encryptedData, iv } and returns (or resolves to) what
// JSON.parse of the plaintext gives, after the official sample's appid check.
import { cbc } from '@noble/ciphers/aes.js';

const b64 = globalThis.Buffer
  ? (s) => globalThis.Buffer.from(s, 'base64')
  : (s) => {
      const bin = atob(s);
      const out = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
      return out;
    };
const utf8 = new TextDecoder('utf-8', { fatal: true });
const checked = (text, appId) => {
  const out = JSON.parse(text);
  if (out.watermark.appid !== appId) throw new Error('Illegal Buffer');
  return out;
};

/**
 * @param {object} env  lib: the wx-open-data module; nodeCrypto: node:crypto or null; subtle: crypto.subtle or null
 * @returns {{name: string, fn: Function, async: boolean, base?: boolean}[]}
 */
export function makeContenders({ lib, nodeCrypto, subtle }) {
  const list = [{ name: 'wx-open-data', fn: (p) => lib.decryptOpenData(p), async: false }];
  if (nodeCrypto) {
    // The faster of the two common spellings: Buffer.concat of update() and final(), one toString().
    // This is the baseline the ratios are computed against.
    const { createDecipheriv } = nodeCrypto;
    list.push({
      name: 'node:crypto',
      async: false,
      fn: ({ appId, sessionKey, encryptedData, iv }) => {
        const d = createDecipheriv('aes-128-cbc', b64(sessionKey), b64(iv));
        d.setAutoPadding(true);
        const text = Buffer.concat([d.update(b64(encryptedData)), d.final()]).toString('utf8');
        return checked(text, appId);
      },
    });
    // The official sample (WXBizDataCrypt.js) as written: binary in, utf8 out of update() and final().
    list.push({
      name: 'node:crypto (sample)',
      async: false,
      fn: ({ appId, sessionKey, encryptedData, iv }) => {
        const d = createDecipheriv('aes-128-cbc', b64(sessionKey), b64(iv));
        d.setAutoPadding(true);
        let text = d.update(b64(encryptedData), 'binary', 'utf8');
        text += d.final('utf8');
        return checked(text, appId);
      },
    });
  }
  if (subtle) {
    list.push({
      name: 'WebCrypto',
      async: true,
      fn: async ({ appId, sessionKey, encryptedData, iv }) => {
        const key = await subtle.importKey('raw', b64(sessionKey), { name: 'AES-CBC' }, false, ['decrypt']);
        const plain = await subtle.decrypt({ name: 'AES-CBC', iv: b64(iv) }, key, b64(encryptedData));
        return checked(utf8.decode(plain), appId);
      },
    });
  }
  list.push({
    name: '@noble/ciphers',
    async: false,
    fn: ({ appId, sessionKey, encryptedData, iv }) =>
      checked(utf8.decode(cbc(b64(sessionKey), b64(iv)).decrypt(b64(encryptedData))), appId),
  });
  return list;
}

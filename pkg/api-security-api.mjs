// The public API of `wx-open-data/api-security` (WeChat server API security, 服务端 API 签名加密),
// shared by every api-security entry; scripts/build.sh writes its CommonJS twin
// (dist/api-security-api.cjs). The wasm builds the encrypted body, the strings to sign and verify,
// the keys' DER, and checks and decrypts responses; the RSA-PSS signing and verifying is done here
// with the platform's WebCrypto (constant time, and no RSA code in the wasm).
import * as glue from './dist/api_security.js';
import { get, optNumber, optString, reqString, requireObject, string } from './args.mjs';
import { invalid, typeName, wrap, wxError } from './errors.mjs';
import { webCrypto } from './webcrypto.mjs';

export { MAX_INPUT_LENGTH, isWxOpenDataError } from './errors.mjs';

/** Seconds a response may be old unless `maxAgeSeconds` says otherwise (the official samples' window). */
const DEFAULT_MAX_AGE_SECONDS = 300;
const PSS = { name: 'RSA-PSS', saltLength: 32 };
const IMPORT = { name: 'RSA-PSS', hash: 'SHA-256' };

const rawPrivateKeyPkcs8 = wrap(glue.rawPrivateKeyPkcs8);
const rawCertificateSpki = wrap(glue.rawCertificateSpki);
const rawSealApiRequest = wrap(glue.rawSealApiRequest);
const rawCheckApiResponse = wrap(glue.rawCheckApiResponse);
const rawOpenApiResponse = wrap(glue.rawOpenApiResponse);

function toBase64(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
  return btoa(s);
}

const utf8 = new TextEncoder();

// Imported CryptoKeys (non-extractable), by PEM text: importing costs more than signing.
const keyCache = new Map();
const KEY_CACHE_SIZE = 16;
function importCached(kind, pem, importer) {
  const id = kind + pem;
  let p = keyCache.get(id);
  if (p === undefined) {
    p = importer();
    keyCache.set(id, p);
    // A failed import is not kept.
    p.catch(() => keyCache.delete(id));
    if (keyCache.size > KEY_CACHE_SIZE) keyCache.delete(keyCache.keys().next().value);
  }
  return p;
}

function privateKey(pem) {
  return importCached('private:', pem, async () => {
    const der = rawPrivateKeyPkcs8(pem);
    try {
      return await webCrypto().subtle.importKey('pkcs8', der, IMPORT, false, ['sign']);
    } catch (e) {
      if (e && e.name === 'WxOpenDataError') throw e;
      throw wxError('ERR_INVALID_KEY', 'privateKey: WebCrypto refused the RSA private key', 'privateKey');
    } finally {
      der.fill(0);
    }
  });
}

function certificateKey(pem) {
  return importCached('certificate:', pem, async () => {
    const der = rawCertificateSpki(pem);
    try {
      return await webCrypto().subtle.importKey('spki', der, IMPORT, false, ['verify']);
    } catch (e) {
      if (e && e.name === 'WxOpenDataError') throw e;
      throw wxError('ERR_INVALID_KEY', "certificates: WebCrypto refused the certificate's RSA public key", 'certificates');
    }
  });
}

/** A whole, non-negative number of seconds, or undefined. */
function optSeconds(obj, field) {
  const v = optNumber(obj, field);
  if (v !== undefined && (!Number.isSafeInteger(v) || v < 0)) {
    throw invalid(field, `${field} must be a whole, non-negative number of seconds`);
  }
  return v;
}

/** `params` as JSON text: an object (JSON.stringify keeps its order), a JSON object string, or absent. */
function paramsJson(input) {
  const p = get(input, 'params');
  if (p === undefined || p === null) return '{}';
  if (typeof p === 'string') return string(p, 'params');
  requireObject(p, 'params');
  let text;
  try {
    text = JSON.stringify(p);
  } catch {
    throw invalid('params', 'params cannot be serialized to JSON (a BigInt or a cycle?)');
  }
  return string(text, 'params');
}

/** `iv`: 12 bytes, as a Uint8Array or base64; random by default. */
function ivBytes(input) {
  const v = get(input, 'iv');
  if (v === undefined || v === null) return webCrypto().getRandomValues(new Uint8Array(12));
  if (v instanceof Uint8Array) return v;
  if (typeof v === 'string') {
    let bin;
    try {
      bin = atob(v);
    } catch {
      throw wxError('ERR_INVALID_BASE64', 'iv is not base64', 'iv');
    }
    return Uint8Array.from(bin, (c) => c.charCodeAt(0));
  }
  throw invalid('iv', `iv must be a Uint8Array or base64 text, got ${typeName(v)}`);
}

/**
 * Encrypt and sign a request to a WeChat server API under API security. Returns
 * `{ url, method: 'POST', headers, body }`, ready for `fetch(req.url, req)`.
 */
export async function sealApiRequest(input) {
  requireObject(input, 'input');
  const url = reqString(input, 'url');
  const appId = reqString(input, 'appId');
  const symmetricKey = reqString(input, 'symmetricKey');
  const symmetricKeySn = reqString(input, 'symmetricKeySn');
  const pem = reqString(input, 'privateKey');
  const params = paramsJson(input);
  const timestamp = optSeconds(input, 'timestamp') ?? Math.floor(Date.now() / 1000);
  const nonce = optString(input, 'nonce') ?? toBase64(webCrypto().getRandomValues(new Uint8Array(16))).replace(/=+$/, '');
  const iv = ivBytes(input);
  const sealed = rawSealApiRequest(url, appId, symmetricKey, symmetricKeySn, params, timestamp, nonce, iv);
  const key = await privateKey(pem);
  let signature;
  try {
    signature = await webCrypto().subtle.sign(PSS, key, utf8.encode(sealed.signingString));
  } catch {
    throw wxError('ERR_INVALID_KEY', 'privateKey: WebCrypto could not sign with the RSA private key', 'privateKey');
  }
  return {
    url,
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'Wechatmp-Appid': appId,
      'Wechatmp-TimeStamp': String(timestamp),
      'Wechatmp-Signature': toBase64(new Uint8Array(signature)),
    },
    body: sealed.body,
  };
}

const HEADER_NAMES = [
  'wechatmp-appid',
  'wechatmp-timestamp',
  'wechatmp-serial',
  'wechatmp-signature',
  'wechatmp-serial-deprecated',
  'wechatmp-signature-deprecated',
];

/** The six Wechatmp-* headers of a `Headers` object or a plain object (names in any case). */
function readHeaders(input) {
  const h = get(input, 'headers');
  if (h === undefined || h === null) throw invalid('headers', 'headers is required (res.headers)');
  if (typeof h !== 'object') throw invalid('headers', `headers must be a Headers object or a plain object, got ${typeName(h)}`);
  let lookup;
  let isHeaders = false;
  try {
    isHeaders = typeof h.get === 'function' && typeof h.has === 'function';
  } catch {
    throw invalid('headers', 'reading headers threw');
  }
  if (isHeaders) {
    lookup = (name) => {
      let v;
      try {
        v = h.get(name);
      } catch {
        throw invalid('headers', `headers.get('${name}') threw`);
      }
      return v === null || v === undefined ? undefined : v;
    };
  } else {
    requireObject(h, 'headers');
    const lower = new Map();
    let keys;
    try {
      keys = Object.keys(h);
    } catch {
      throw invalid('headers', 'reading headers threw');
    }
    for (const k of keys) lower.set(k.toLowerCase(), k);
    lookup = (name) => {
      const k = lower.get(name);
      return k === undefined ? undefined : get(h, k);
    };
  }
  return HEADER_NAMES.map((name) => {
    const v = lookup(name);
    if (v === undefined || v === null) return undefined;
    return string(v, 'headers');
  });
}

/** `certificates`: { 证书编号: PEM } as [serials, pems]. */
function readCertificates(input) {
  const c = get(input, 'certificates');
  if (c === undefined || c === null) {
    throw invalid('certificates', 'certificates is required: { [证书编号]: platform certificate PEM }');
  }
  requireObject(c, 'certificates');
  let serials;
  try {
    serials = Object.keys(c);
  } catch {
    throw invalid('certificates', 'reading certificates threw');
  }
  if (serials.length === 0) throw invalid('certificates', 'certificates must name at least one certificate');
  const pems = serials.map((sn) => {
    if (sn === '' || /[\u0000-\u001f]/.test(sn)) throw invalid('certificates', 'a certificate number must be non-empty text');
    return string(get(c, sn), 'certificates');
  });
  return [serials, pems];
}

/**
 * Check, verify and decrypt a WeChat server API response made under API security. Returns the
 * response JSON without `_n`, `_appid` and `_timestamp`.
 */
export async function openApiResponse(input) {
  requireObject(input, 'input');
  const url = reqString(input, 'url');
  const appId = reqString(input, 'appId');
  const symmetricKey = reqString(input, 'symmetricKey');
  const symmetricKeySn = reqString(input, 'symmetricKeySn');
  const [serials, pems] = readCertificates(input);
  const headers = readHeaders(input);
  const body = reqString(input, 'body');
  const now = optNumber(input, 'now') ?? Date.now() / 1000;
  if (!Number.isFinite(now) || now < 0) throw invalid('now', 'now must be Unix seconds');
  const maxAge = optSeconds(input, 'maxAgeSeconds') ?? DEFAULT_MAX_AGE_SECONDS;
  const check = rawCheckApiResponse(url, appId, ...headers, body, serials.join('\n'));
  const key = await certificateKey(pems[check.index]);
  let ok = false;
  try {
    ok = await webCrypto().subtle.verify(PSS, key, check.signature, utf8.encode(check.signingString));
  } catch {
    ok = false;
  }
  if (!ok) {
    throw wxError(
      'ERR_API_SIGNATURE_INVALID',
      `the response signature does not verify with certificate ${serials[check.index]}: the response was altered, ` +
        'or the certificate stored under that number is not the one WeChat signs with',
      'headers',
    );
  }
  const data = rawOpenApiResponse(url, appId, symmetricKey, symmetricKeySn, headers[1], body, Math.floor(now), maxAge);
  if (check.deprecated && !Object.prototype.hasOwnProperty.call(data, 'warning')) {
    Object.defineProperty(data, 'warning', {
      value:
        `verified with the retiring certificate ${serials[check.index]} (Wechatmp-Serial-Deprecated): WeChat now signs with ` +
        `certificate ${String(headers[2]).slice(0, 64)}; download it from the console (API 安全) and add it to certificates`,
      enumerable: false,
    });
  }
  return data;
}

// The other mini-program platforms (docs/platforms.md), part of `wx-open-data`: the code-to-session
// request of QQ, Douyin, Kuaishou, WeCom and Baidu (the parser is parseCode2SessionResponse with
// `{ platform }`), Baidu's open data, Alipay's phone number. Re-exported by api.mjs.
//
// Alipay's RSA2 signature is verified with the runtime's WebCrypto (crypto.subtle), so
// decryptAlipayPhoneNumber returns a promise on every runtime; the AES of every platform runs in
// the wasm.
import * as glue from './dist/wx_open_data.js';
import { invalid, wrap, wxError } from './errors.mjs';
import { webCrypto } from './webcrypto.mjs';
import { get, optBool, optString, reqString, requireObject, string } from './args.mjs';

const rawCode2SessionRequest = wrap(glue.rawCode2SessionRequest);
const rawDecryptBaiduOpenData = wrap(glue.rawDecryptBaiduOpenData);
const rawDecryptAlipayResponse = wrap(glue.rawDecryptAlipayResponse);

// In the order of the core's Platform::ALL.
const PLATFORMS = ['wechat', 'qq', 'douyin', 'kuaishou', 'wecom', 'baidu'];

/** The number of `obj.platform` at the wasm boundary (absent: WeChat). */
export function platformNumber(obj) {
  if (obj === undefined || obj === null) return 0;
  requireObject(obj, 'options');
  const name = optString(obj, 'platform');
  if (name === undefined) return 0;
  const n = PLATFORMS.indexOf(name);
  if (n < 0) throw invalid('platform', `platform must be one of ${PLATFORMS.map((p) => `'${p}'`).join(', ')}`);
  return n;
}

/**
 * The code-to-session request of a platform, ready for `fetch(req.url, req)`: `{ url, method }`
 * for GET, plus `headers` and `body` for POST.
 */
export function code2SessionRequest(input) {
  requireObject(input, 'input');
  return rawCode2SessionRequest(
    platformNumber(input),
    optString(input, 'appId'),
    optString(input, 'secret'),
    optString(input, 'code'),
    optString(input, 'anonymousCode'),
    optString(input, 'accessToken'),
    optString(input, 'baseUrl'),
  );
}

/** Decrypt Baidu open data (AES-192-CBC, App Key tail checked): the payload as `JSON.parse` gives it. */
export function decryptBaiduOpenData(input) {
  requireObject(input, 'input');
  const appKey = reqString(input, 'appKey');
  const sessionKey = reqString(input, 'sessionKey');
  const encryptedData = reqString(input, 'encryptedData');
  const iv = reqString(input, 'iv');
  return rawDecryptBaiduOpenData(appKey, sessionKey, encryptedData, iv);
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Strict standard base64 -> bytes, or undefined. */
function base64Bytes(text) {
  if (text === '' || !BASE64.test(text)) return undefined;
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

const KEY_FORMAT =
  'alipayPublicKey must be the Alipay public key as the console shows it (bare base64 of an SPKI key, "MIIBIjANBg...") ' +
  'or a PEM "-----BEGIN PUBLIC KEY-----" block; a PKCS#1 "RSA PUBLIC KEY" block is not accepted';

/** The SPKI bytes of a PEM block or of the bare base64 the Alipay console shows. */
function spki(text) {
  let body = text.trim();
  if (body.startsWith('-----')) {
    const m = /^-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\s]*)-----END PUBLIC KEY-----$/.exec(body);
    if (!m) throw invalid('alipayPublicKey', KEY_FORMAT);
    body = m[1];
  }
  const bytes = base64Bytes(body.replace(/\s+/g, ''));
  if (bytes === undefined) throw invalid('alipayPublicKey', KEY_FORMAT);
  return bytes;
}

// The last imported key: a server verifies every phone number with the same Alipay key.
let cachedKey;

async function importKey(text) {
  if (cachedKey?.text === text) return cachedKey.key;
  const { subtle } = webCrypto();
  let key;
  try {
    key = await subtle.importKey('spki', spki(text), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['verify']);
  } catch (e) {
    if (e?.name === 'WxOpenDataError') throw e;
    throw invalid('alipayPublicKey', `${KEY_FORMAT}: WebCrypto could not import it as an RSA public key`);
  }
  cachedKey = { text, key };
  return key;
}

/** Check Alipay's RSA2 signature over `'"' + response + '"'` (the quotes: the content is encrypted). */
async function verifyRsa2(publicKey, response, sign) {
  const signature = base64Bytes(sign);
  if (signature === undefined) {
    throw wxError('ERR_INVALID_BASE64', 'sign is not strict standard base64 (spaces for "+" after form decoding?)', 'sign');
  }
  const key = await importKey(publicKey);
  const ok = await webCrypto().subtle.verify('RSASSA-PKCS1-v1_5', key, signature, new TextEncoder().encode(`"${response}"`));
  if (!ok) {
    throw wxError(
      'ERR_SIGNATURE_MISMATCH',
      "sign is not Alipay's RSA2 signature of this response: the response was changed, or alipayPublicKey is not the " +
        'Alipay public key of this app (the app public key is a different one; nothing was decrypted)',
      'sign',
    );
  }
}

/** The ERR_ALIPAY_API error of a decrypted answer whose code is not '10000'. */
function alipayError(data) {
  const text = (v) => (typeof v === 'string' ? v : undefined);
  const code = data.code;
  const msg = text(data.msg) ?? '';
  const subCode = text(data.sub_code);
  const subMsg = text(data.sub_msg);
  const detail = [msg, subCode, subMsg].filter((s) => s).join(', ');
  const err = wxError('ERR_ALIPAY_API', `Alipay error ${String(code).slice(0, 50)}${detail ? ` (${detail.slice(0, 500)})` : ''}: look the code up in Alipay's error code list (40003 isv.invalid-auth-relations: the app lacks the phone-number permission or the user did not authorise it)`);
  err.platform = 'alipay';
  err.errcode = code;
  err.errmsg = msg;
  if (subCode !== undefined) err.subCode = subCode;
  if (subMsg !== undefined) err.subMsg = subMsg;
  // Alipay documents 20000 (service currently unavailable) as worth a retry.
  err.retryable = code === '20000';
  return err;
}

/**
 * Alipay's `my.getPhoneNumber`: verify the RSA2 signature with the Alipay public key, then decrypt
 * `response` (AES-128-CBC, zero IV) with the app's content encryption key. Resolves to
 * `{ code: '10000', msg, mobile, ... }`; another code rejects with ERR_ALIPAY_API.
 */
export async function decryptAlipayPhoneNumber(input) {
  requireObject(input, 'input');
  const aesKey = reqString(input, 'aesKey');
  let response = reqString(input, 'response');
  let sign = optString(input, 'sign');
  const allowUnsigned = optBool(input, 'allowUnsigned') ?? false;
  if (response.startsWith('{')) {
    // The whole text my.getPhoneNumber gave the mini program: {"response":"...","sign":"...",...}.
    let envelope;
    try {
      envelope = JSON.parse(response);
    } catch {
      envelope = undefined;
    }
    if (typeof envelope?.response !== 'string') {
      throw invalid('response', 'response must be the encrypted response (base64) or the JSON text my.getPhoneNumber returned');
    }
    response = string(envelope.response, 'response');
    if (sign === undefined && typeof envelope.sign === 'string') sign = string(envelope.sign, 'sign');
  }
  if (sign === undefined || sign === '') {
    if (!allowUnsigned) {
      throw invalid(
        'sign',
        "sign is required: Alipay's RSA2 signature of the response. Only for an app without signing configured, pass allowUnsigned: true (anyone holding the AES key could then forge a phone number)",
      );
    }
    if (get(input, 'alipayPublicKey') !== undefined) reqString(input, 'alipayPublicKey');
  } else {
    await verifyRsa2(reqString(input, 'alipayPublicKey'), response, sign);
  }
  const data = rawDecryptAlipayResponse(aesKey, response);
  if (data.code !== '10000') throw alipayError(data);
  if (typeof data.mobile !== 'string') {
    throw wxError('ERR_PAYLOAD_SHAPE', 'the decrypted answer has code 10000 but no mobile string', 'mobile');
  }
  return data;
}

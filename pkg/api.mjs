// The public API of `wx-open-data` (the login flow), shared by every ESM entry; scripts/build.sh
// writes its CommonJS twin (dist/api.cjs). An entry first instantiates the wasm, then re-exports this.
//
// The hot functions read and type-check the caller's objects here and pass strings and numbers
// straight into the wasm (calling back into JavaScript from wasm to read each field cost more than
// the AES of a typical payload). Every argument error is the WxOpenDataError the wasm would throw.
import * as glue from './dist/wx_open_data.js';
import { MAX_INPUT_LENGTH, fromWasm, invalid, isWxOpenDataError, typeName, wrap } from './errors.mjs';
import {
  appIds,
  arrayGet,
  arrayLength,
  get,
  isArray,
  optBool,
  optString,
  options,
  reqString,
  requireObject,
  string,
} from './args.mjs';
import { platformNumber } from './platforms-api.mjs';

export { MAX_INPUT_LENGTH, isWxOpenDataError };
export { code2SessionRequest, decryptAlipayPhoneNumber, decryptBaiduOpenData } from './platforms-api.mjs';
export { openSession, sealSession } from './session-api.mjs';

// The wasm entry points, throwing WxOpenDataErrors (see errors.mjs). rawOpenData, the hot one, is
// called in a try block of its own below.
const rawDataBuffer = wrap(glue.rawDataBuffer);
const rawOpenDataWithKeys = wrap(glue.rawOpenDataWithKeys);
const rawVerifyRawDataSignature = wrap(glue.rawVerifyRawDataSignature);
const rawSignWithSessionKey = wrap(glue.rawSignWithSessionKey);
const rawCode2SessionUrl = wrap(glue.rawCode2SessionUrl);
const rawParseCode2SessionResponse = wrap(glue.rawParseCode2SessionResponse);
const rawParsePhoneNumberResponse = wrap(glue.rawParsePhoneNumberResponse);
const rawAccessTokenUrl = wrap(glue.rawAccessTokenUrl);
const rawStableTokenRequest = wrap(glue.rawStableTokenRequest);
const rawParseAccessTokenResponse = wrap(glue.rawParseAccessTokenResponse);
const rawPhoneNumberRequest = wrap(glue.rawPhoneNumberRequest);
const rawCheckSessionUrl = wrap(glue.rawCheckSessionUrl);
const rawEncryptedMsgHash = wrap(glue.rawEncryptedMsgHash);
const rawCheckEncryptedMsgRequest = wrap(glue.rawCheckEncryptedMsgRequest);
const rawParseWxApiResponse = wrap(glue.rawParseWxApiResponse);

// Payload kinds, in the order of the core's PayloadKind::ALL.
const KINDS = ['openData', 'userInfo', 'phoneNumber', 'shareInfo', 'groupEnterInfo', 'weRunData'];
const MAX_SESSION_KEYS = 8;

// The encryptedData text goes straight into the wasm module's reusable buffer with one
// TextEncoder.encodeInto (a string argument would be copied by a per-character loop into a fresh
// allocation on every call).
const encoder = new TextEncoder();
let memory;
let bytes = new Uint8Array(0);

/** Write `text` into the module's data buffer; returns its length in bytes. */
function writeData(text) {
  const max = text.length * 3;
  const ptr = rawDataBuffer(max);
  if (bytes.byteLength === 0 || ptr + max > bytes.byteLength) {
    // First call, or the memory grew (which detaches the old view).
    memory ??= glue.rawMemory();
    bytes = new Uint8Array(memory.buffer);
  }
  return encoder.encodeInto(text, bytes.subarray(ptr, ptr + max)).written;
}

/** The open-data decoders' one path: read and check the input, then the wasm does the rest. */
function openData(kind, ids, lens, sessionKey, iv, encryptedData, opts) {
  const [openId, flags, maxAge, now] = options(opts);
  const len = writeData(encryptedData);
  // The payload is always an object; a string is the core error (returned, not thrown: one throw).
  const out = glue.rawOpenData(kind, ids, lens, sessionKey, iv, len, openId, flags, maxAge, now);
  if (typeof out === 'string') throw fromWasm(out);
  return out;
}

function decode(kind, input, opts) {
  requireObject(input, 'input');
  const [ids, lens] = appIds(input);
  const sessionKey = reqString(input, 'sessionKey');
  const encryptedData = reqString(input, 'encryptedData');
  const iv = reqString(input, 'iv');
  return openData(kind, ids, lens, sessionKey, iv, encryptedData, opts);
}

/** Decrypt, validate and return the open-data payload (`JSON.parse` of the plaintext). */
export const decryptOpenData = (input, options) => decode(0, input, options);
/** decryptOpenData, then check the `wx.getUserInfo` / `wx.getUserProfile` payload shape. */
export const decryptUserInfo = (input, options) => decode(1, input, options);
/** decryptOpenData, then check the phone-number payload shape. */
export const decryptPhoneNumber = (input, options) => decode(2, input, options);
/** decryptOpenData (watermark optional unless required), then check the share-info shape. */
export const decryptShareInfo = (input, options) => decode(3, input, options);
/** decryptOpenData (watermark optional unless required), then check the group-enter-info shape. */
export const decryptGroupEnterInfo = (input, options) => decode(4, input, options);
/** decryptOpenData (watermark optional unless required), then check the WeRun shape. */
export const decryptWeRunData = (input, options) => decode(5, input, options);

/** Try each session_key (current first; null entries skipped) -> `{ data, keyIndex }`. */
export function decryptOpenDataWithKeys(input, opts) {
  requireObject(input, 'input');
  const [ids, lens] = appIds(input);
  const keysValue = get(input, 'sessionKeys');
  if (!isArray(keysValue, 'sessionKeys')) {
    throw invalid('sessionKeys', 'sessionKeys must be an array of session_keys, current first (null entries are skipped)');
  }
  const n = arrayLength(keysValue, 'sessionKeys');
  if (n > MAX_SESSION_KEYS) {
    throw invalid('sessionKeys', `sessionKeys must list between 1 and ${MAX_SESSION_KEYS} session_keys`);
  }
  let keys = '';
  const keyLens = [];
  for (let i = 0; i < n; i++) {
    const k = arrayGet(keysValue, i, 'sessionKeys');
    if (k === undefined || k === null) {
      keyLens.push(-1);
    } else {
      keys += string(k, 'sessionKeys');
      keyLens.push(k.length);
    }
  }
  const encryptedData = reqString(input, 'encryptedData');
  const iv = reqString(input, 'iv');
  let kind = 0;
  if (opts !== undefined && opts !== null) {
    requireObject(opts, 'options');
    const name = optString(opts, 'kind');
    if (name !== undefined) {
      kind = KINDS.indexOf(name);
      if (kind < 0) {
        throw invalid('kind', "kind must be one of 'openData', 'userInfo', 'phoneNumber', 'shareInfo', 'groupEnterInfo', 'weRunData'");
      }
    }
  }
  const [openId, flags, maxAge, now] = options(opts);
  const [data, keyIndex] = rawOpenDataWithKeys(kind, ids, lens, keys, keyLens, iv, encryptedData, openId, flags, maxAge, now);
  return { data, keyIndex };
}

/** Whether `signature` is `sha1(rawData + sessionKey)` in hex (constant-time comparison). */
export function verifyRawDataSignature(input) {
  requireObject(input, 'input');
  const rawData = reqString(input, 'rawData');
  const signature = get(input, 'signature');
  const sessionKey = reqString(input, 'sessionKey');
  if (typeof signature !== 'string' || signature.length > 128) {
    // A signature of the wrong type or size is malformed: simply not a match.
    if (signature === undefined || signature === null) throw invalid('signature', 'signature is required');
    return false;
  }
  return rawVerifyRawDataSignature(rawData, signature, sessionKey);
}

/** The login-state signature `hex(hmac_sha256(key = sessionKey, body))`. */
export function signWithSessionKey(sessionKey, body) {
  let key;
  let text;
  if (typeof sessionKey === 'object' && sessionKey !== null && !isArray(sessionKey, 'sessionKey')) {
    key = reqString(sessionKey, 'sessionKey');
    text = optString(sessionKey, 'body');
  } else {
    if (sessionKey === undefined || sessionKey === null) throw invalid('sessionKey', 'sessionKey is required');
    text = body === undefined || body === null ? undefined : string(body, 'body');
    key = string(sessionKey, 'sessionKey');
  }
  if (key === '') throw invalid('sessionKey', 'sessionKey must not be empty');
  return rawSignWithSessionKey(key, text ?? '');
}

// WXBizDataCrypt's legacy numeric codes: -41001 IllegalAesKey, -41002 IllegalIv,
// -41004 DecodeBase64Error, -41003 IllegalBuffer for everything else.
const LEGACY_ERRCODES = { ERR_INVALID_SESSION_KEY: -41001, ERR_INVALID_IV: -41002, ERR_INVALID_BASE64: -41004 };

/** The compatibility error: message 'Illegal Buffer', plus our code, field, legacy errcode, detail. */
function legacyError(err) {
  if (err instanceof Error && err.name === 'WxOpenDataError') {
    err.detail = err.message;
    err.message = 'Illegal Buffer';
    err.errcode = LEGACY_ERRCODES[err.code] ?? -41003;
  }
  return err;
}

function legacyText(v, field) {
  try {
    if (v === undefined || v === null) throw invalid(field, `${field} is required`);
    return string(v, field);
  } catch (e) {
    throw legacyError(e);
  }
}

/**
 * A drop-in for WeChat's official Node sample: `new WXBizDataCrypt(appId, sessionKey)
 * .decryptData(encryptedData, iv)`. Strict (PKCS#7, UTF-8, JSON, watermark appid); every failure
 * throws an Error with the message 'Illegal Buffer', as the sample, plus `code`, `errcode`, `detail`.
 */
export class WXBizDataCrypt {
  #appId;
  #sessionKey;

  constructor(appId, sessionKey) {
    this.#appId = legacyText(appId, 'appId');
    this.#sessionKey = legacyText(sessionKey, 'sessionKey');
  }

  /** The appid given to the constructor. */
  get appId() {
    return this.#appId;
  }

  /** Forget the session_key (the wasm-bindgen class of earlier versions had this method too). */
  free() {
    this.#sessionKey = '';
  }

  /** Decrypt and return the payload. */
  decryptData(encryptedData, iv) {
    const data = legacyText(encryptedData, 'encryptedData');
    const ivText = legacyText(iv, 'iv');
    try {
      return openData(0, this.#appId, undefined, this.#sessionKey, ivText, data, undefined);
    } catch (e) {
      throw legacyError(e);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// WeChat server API: request builders and response parsers (the rules live in the wasm).
// ---------------------------------------------------------------------------------------------

/** The response body as text: a string as is, an object through `JSON.stringify`. */
function bodyText(body) {
  if (typeof body === 'string') return string(body, 'body');
  if (typeof body === 'object' && body !== null) {
    let text;
    try {
      text = JSON.stringify(body);
    } catch {
      throw invalid('body', 'body could not be serialised with JSON.stringify (a BigInt or a cycle?)');
    }
    return string(text, 'body');
  }
  throw invalid('body', `body must be the response text or the parsed JSON object, got ${typeName(body)}`);
}

/** Read the named string fields of an input object, in order, then its optional `baseUrl`. */
function fields(input, ...names) {
  requireObject(input, 'input');
  const values = names.map((name) => reqString(input, name));
  values.push(optString(input, 'baseUrl'));
  return values;
}

/** The `jscode2session` URL (GET) for a `wx.login()` code. */
export function code2SessionUrl(input) {
  return rawCode2SessionUrl(...fields(input, 'appId', 'secret', 'code'));
}

/**
 * `{ openId, sessionKey, unionId?, anonymousOpenId?, corpId?, userId? }` of a code-to-session
 * response (text or parsed object); `{ platform }` selects the dialect (default WeChat).
 */
export function parseCode2SessionResponse(body, opts) {
  const platform = platformNumber(opts);
  return rawParseCode2SessionResponse(bodyText(body), platform);
}

/** `phone_info` of a `getuserphonenumber` response, after its watermark check. */
export function parsePhoneNumberResponse(body, opts) {
  if (opts === undefined || opts === null) {
    throw invalid('appId', 'parsePhoneNumberResponse(body, { appId }): appId is required to check phone_info.watermark');
  }
  requireObject(opts, 'options');
  const [ids, lens] = appIds(opts);
  const [openId, flags, maxAge, now] = options(opts);
  return rawParsePhoneNumberResponse(bodyText(body), ids, lens, openId, flags, maxAge, now);
}

/** The `/cgi-bin/token` URL (GET). */
export function accessTokenUrl(input) {
  return rawAccessTokenUrl(...fields(input, 'appId', 'secret'));
}

/** The `/cgi-bin/stable_token` request: `{ url, method, headers, body }` for fetch. */
export function stableTokenRequest(input) {
  const [appId, secret, baseUrl] = fields(input, 'appId', 'secret');
  return rawStableTokenRequest(appId, secret, optBool(input, 'forceRefresh') ?? false, baseUrl);
}

/** `{ accessToken, expiresIn }` of a token response (text or parsed object). */
export function parseAccessTokenResponse(body) {
  return rawParseAccessTokenResponse(bodyText(body));
}

/** The `getuserphonenumber` request: `{ url, method, headers, body }` for fetch. */
export function phoneNumberRequest(input) {
  return rawPhoneNumberRequest(...fields(input, 'accessToken', 'code'));
}

/** The signed `/wxa/checksession` URL (GET). */
export function checkSessionUrl(input) {
  return rawCheckSessionUrl(...fields(input, 'accessToken', 'openId', 'sessionKey'));
}

/** Lowercase hex SHA-256 of an encryptedData value, as `checkencryptedmsg` wants it. */
export function encryptedMsgHash(input) {
  let data;
  if (typeof input === 'object' && input !== null) data = reqString(input, 'encryptedData');
  else if (input === undefined || input === null) throw invalid('encryptedData', 'encryptedData is required');
  else data = string(input, 'encryptedData');
  if (data === '') throw invalid('encryptedData', 'encryptedData must not be empty');
  return rawEncryptedMsgHash(data);
}

/** The `checkencryptedmsg` request: `{ url, method, headers, body }` for fetch. */
export function checkEncryptedMsgRequest(input) {
  return rawCheckEncryptedMsgRequest(...fields(input, 'accessToken', 'encryptedData'));
}

/** Any WeChat response after the `errcode` check, as `JSON.parse` gives it. */
export function parseWxApiResponse(body) {
  return rawParseWxApiResponse(bodyText(body));
}

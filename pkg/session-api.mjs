// Sealed session tokens (part of `wx-open-data`, re-exported by api.mjs): `sealSession` and
// `openSession`, a compact JWE with `alg: "dir"` and `enc: "A256GCM"` that `jose` opens and makes.
// This file reads and checks the caller's objects, serialises the claims with JSON.stringify, draws
// the IV from crypto.getRandomValues (the wasm draws no randomness) and parses the opened claims
// with JSON.parse; the wasm (src/session.rs) does everything else.
import * as glue from './dist/wx_open_data.js';
import { invalid, typeName, wrap, wxError } from './errors.mjs';
import { arrayGet, arrayLength, get, isArray, optNumber, requireObject, string } from './args.mjs';

const rawSealSession = wrap(glue.rawSealSession);
const rawOpenSession = wrap(glue.rawOpenSession);

const MAX_KEYS = 16;

/** `keys`: a non-empty list of `{ id, secret }` -> [ids joined, id lengths, secrets joined, secret lengths]. */
function keyList(opts) {
  const v = get(opts, 'keys');
  if (!isArray(v, 'keys')) {
    throw invalid('keys', `keys must be a non-empty array of { id, secret } (the first seals, all open), got ${typeName(v)}`);
  }
  const n = arrayLength(v, 'keys');
  if (n === 0 || n > MAX_KEYS) throw invalid('keys', `keys must list between 1 and ${MAX_KEYS} keys`);
  let ids = '';
  let secrets = '';
  const idLens = [];
  const secretLens = [];
  for (let i = 0; i < n; i++) {
    const k = arrayGet(v, i, 'keys');
    if (typeof k !== 'object' || k === null || isArray(k, 'keys')) {
      throw invalid('keys', `keys[${i}] must be an object { id, secret }, got ${typeName(k)}`);
    }
    const id = reqKeyString(k, 'id', i);
    const secret = reqKeyString(k, 'secret', i);
    ids += id;
    idLens.push(id.length);
    secrets += secret;
    secretLens.push(secret.length);
  }
  return [ids, idLens, secrets, secretLens];
}

function reqKeyString(k, name, i) {
  const s = get(k, name);
  if (typeof s !== 'string' || s.length > 1024) {
    throw invalid('keys', `keys[${i}].${name} must be a string${s === undefined ? ' (it is missing)' : ''}`);
  }
  return s;
}

/** A whole non-negative number of seconds, or `undefined` when absent. */
function optSeconds(opts, field) {
  const v = optNumber(opts, field);
  if (v !== undefined && v < 0) throw invalid(field, `${field} must not be negative`);
  return v;
}

/** Unix seconds: `options.now` or the clock. */
const nowOf = (opts) => optSeconds(opts, 'now') ?? Date.now() / 1000;

/**
 * Seal `claims` (`sub` = openid, `appid`, optional `unionid`, `sid`, `ver`, and your own JSON
 * members; never a session_key) into a compact JWE under the first of `keys`; `iat` and `exp` are
 * set from `now` and `ttlSeconds`.
 */
export function sealSession(claims, opts) {
  requireObject(claims, 'claims');
  if (opts === undefined || opts === null) throw invalid('keys', 'sealSession(claims, { keys, ttlSeconds }): keys is required');
  requireObject(opts, 'options');
  const [ids, idLens, secrets, secretLens] = keyList(opts);
  const ttl = optNumber(opts, 'ttlSeconds');
  if (ttl === undefined) throw invalid('ttlSeconds', 'ttlSeconds is required: the lifetime of the token in seconds');
  if (!Number.isSafeInteger(ttl) || ttl <= 0) {
    throw invalid('ttlSeconds', 'ttlSeconds must be a positive whole number of seconds');
  }
  const now = nowOf(opts);
  let text;
  try {
    text = JSON.stringify(claims);
  } catch {
    throw invalid('claims', 'claims could not be serialised with JSON.stringify (a BigInt or a cycle?)');
  }
  string(text, 'claims');
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
  return rawSealSession(text, ids, idLens, secrets, secretLens, ttl, now, iv);
}

/**
 * Open a token made by `sealSession` (or by `jose` with the same header and claims) and return its
 * claims. Every failure is ERR_SESSION_INVALID; an authentic token past `exp` is ERR_SESSION_EXPIRED.
 */
export function openSession(token, opts) {
  if (opts === undefined || opts === null) throw invalid('keys', 'openSession(token, { keys }): keys is required');
  requireObject(opts, 'options');
  const [ids, idLens, secrets, secretLens] = keyList(opts);
  const now = nowOf(opts);
  const tolerance = optSeconds(opts, 'clockToleranceSeconds') ?? 0;
  if (typeof token !== 'string') {
    // A missing Authorization header is a refused session, not a programming error.
    throw wxError('ERR_SESSION_INVALID', `session token invalid: the token must be a string, got ${typeName(token)}`, 'token');
  }
  if (token.length > 16 * 1024) {
    throw wxError('ERR_SESSION_INVALID', 'session token invalid: the token is too long', 'token');
  }
  return JSON.parse(rawOpenSession(token, ids, idLens, secrets, secretLens, now, tolerance));
}

// Regenerates tests/vectors/session.json (sealed session tokens, JWE `dir` + `A256GCM`) with `jose`
// and node:crypto, implementations independent of the Rust core. Deterministic: fixed secrets, IVs
// and times (jose's setInitializationVector is meant for exactly this).
// Usage: node scripts/gen-session-vectors.mjs
// Read by the Rust tests (tests/session.rs) and the JS suite (js-tests/suite-session.mjs, as
// vectors.session).
import { createCipheriv } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { EncryptJWT, jwtDecrypt } from 'jose';

const b64u = (bytes) => Buffer.from(bytes).toString('base64url');
const bytes = (start, n) => Uint8Array.from({ length: n }, (_, i) => (start + i * 7) & 0xff);

// Two keys (the first seals, both open) and a stranger's.
const keys = [
  { id: '2026-11', secret: b64u(bytes(1, 32)) },
  { id: '2026-05', secret: Buffer.from(bytes(101, 32)).toString('base64') },
];
const stranger = { id: '2026-11', secret: b64u(bytes(201, 32)) };
const secretOf = (k) => new Uint8Array(Buffer.from(k.secret, k.secret.includes('=') ? 'base64' : 'base64url'));

const NOW = 1780000000;
const TTL = 7 * 24 * 3600;

/** jose's token for `claims` (iat = now, exp = now + ttl) under `key` with a fixed IV. */
async function joseSeal(claims, key, iv, now = NOW, ttl = TTL) {
  return new EncryptJWT(claims)
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', kid: key.id })
    .setIssuedAt(now)
    .setExpirationTime(now + ttl)
    .setInitializationVector(iv)
    .encrypt(secretOf(key));
}

/** A token with any header and plaintext, built with node:crypto (for what jose refuses to make). */
function rawSeal(header, plaintext, key, iv) {
  const protectedB64 = b64u(Buffer.from(typeof header === 'string' ? header : JSON.stringify(header)));
  const c = createCipheriv('aes-256-gcm', secretOf(key), iv);
  c.setAAD(Buffer.from(protectedB64, 'ascii'));
  const ct = Buffer.concat([c.update(Buffer.from(plaintext, 'utf8')), c.final()]);
  return `${protectedB64}..${b64u(iv)}.${b64u(ct)}.${b64u(c.getAuthTag())}`;
}

const typical = { sub: 'o6_bmjrPTlm6_2sgVt7hMZOPfL2M', appid: 'wx4f4bc4dec97d474b', unionid: 'oTUxJ0h2X5Rk4nHdJ2yQ1u3pLk9E', sid: 'b1c9d0e2f3a4b5c6', ver: 3 };

// Tokens both sides must produce byte for byte: jose's output for these inputs.
const seal = [];
async function addSeal(name, claims, iv) {
  const token = await joseSeal(claims, keys[0], iv);
  seal.push({ name, claims, claimsText: JSON.stringify(claims), kid: keys[0].id, ttlSeconds: TTL, now: NOW, iv: b64u(iv), token });
}
await addSeal('typical claim set', typical, bytes(11, 12));
await addSeal('minimal claim set', { sub: 'o6_bmjrPTlm6_2sgVt7hMZOPfL2M', appid: 'wx4f4bc4dec97d474b' }, bytes(23, 12));
await addSeal('own members kept in order, unicode and nesting', {
  sub: 'oX', appid: 'wxA', role: 'admin', 昵称: '微信用户 "引号" \\ \n', tags: ['a', { b: null }], n: -1.5e-7,
}, bytes(37, 12));

// Tokens to open: the claims they give, or the error code.
const good = await joseSeal(typical, keys[0], bytes(41, 12));
const goodOld = await joseSeal(typical, keys[1], bytes(43, 12));
const [h, , iv, ct, tag] = good.split('.');
const flipLast = (s) => s.slice(0, -1) + (s.at(-1) === 'A' ? 'B' : 'A');
// The last character of a 16-byte tag carries 4 spare bits: 'A' + 1 sets one of them.
const spare = (s) => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const i = alphabet.indexOf(s.at(-1));
  return s.slice(0, -1) + alphabet[(i & ~3) | ((i & 3) ^ 1)];
};
const hdr = { alg: 'dir', enc: 'A256GCM', kid: keys[0].id };
const plain = (claims) => JSON.stringify({ ...claims, iat: NOW, exp: NOW + TTL });
const ivX = bytes(59, 12);

const open = [
  { name: 'token of the first key', token: good, now: NOW + 60, claims: { ...typical, iat: NOW, exp: NOW + TTL } },
  { name: 'token of an older key (rotation)', token: goodOld, now: NOW + 60, claims: { ...typical, iat: NOW, exp: NOW + TTL } },
  { name: 'header with typ JWT', token: rawSeal({ ...hdr, typ: 'JWT' }, plain(typical), keys[0], ivX), now: NOW, claims: { ...typical, iat: NOW, exp: NOW + TTL } },
  { name: 'one second before exp', token: good, now: NOW + TTL - 1, claims: { ...typical, iat: NOW, exp: NOW + TTL } },
  { name: 'at exp', token: good, now: NOW + TTL, error: 'ERR_SESSION_EXPIRED' },
  { name: 'past exp, within the tolerance', token: good, now: NOW + TTL + 29, tolerance: 30, claims: { ...typical, iat: NOW, exp: NOW + TTL } },
  { name: 'past exp and the tolerance', token: good, now: NOW + TTL + 30, tolerance: 30, error: 'ERR_SESSION_EXPIRED' },
  { name: 'nbf in the future', token: rawSeal(hdr, JSON.stringify({ ...typical, iat: NOW, exp: NOW + TTL, nbf: NOW + 100 }), keys[0], ivX), now: NOW, error: 'ERR_SESSION_INVALID' },
  { name: 'wrong secret for the kid', token: await joseSeal(typical, stranger, bytes(61, 12)), now: NOW, error: 'ERR_SESSION_INVALID' },
  { name: 'unknown kid', token: await joseSeal(typical, { ...keys[0], id: 'nope' }, bytes(67, 12)), now: NOW, error: 'ERR_SESSION_INVALID' },
  { name: 'tag tampered', token: [h, '', iv, ct, flipLast(tag)].join('.'), now: NOW, error: 'ERR_SESSION_INVALID' },
  { name: 'ciphertext tampered', token: [h, '', iv, flipLast(ct.slice(0, 10)) + ct.slice(10), tag].join('.'), now: NOW, error: 'ERR_SESSION_INVALID' },
  { name: 'iv tampered', token: [h, '', flipLast(iv), ct, tag].join('.'), now: NOW, error: 'ERR_SESSION_INVALID' },
  { name: 'header re-encoded (typ added, AAD differs)', token: [b64u(Buffer.from(JSON.stringify({ ...hdr, typ: 'JWT' }))), '', iv, ct, tag].join('.'), now: NOW, error: 'ERR_SESSION_INVALID' },
  { name: 'tag with a non-zero spare bit (non-canonical)', token: [h, '', iv, ct, spare(tag)].join('.'), now: NOW, error: 'ERR_SESSION_INVALID' },
  { name: 'tag with padding', token: [h, '', iv, ct, `${tag}==`].join('.'), now: NOW, error: 'ERR_SESSION_INVALID' },
  { name: 'whitespace in the ciphertext', token: [h, '', iv, `${ct.slice(0, 4)} ${ct.slice(4)}`, tag].join('.'), now: NOW, error: 'ERR_SESSION_INVALID' },
  { name: 'standard base64 alphabet', token: [h, '', iv, ct.replaceAll('-', '+').replaceAll('_', '/'), tag].join('.'), now: NOW, error: ct.includes('-') || ct.includes('_') ? 'ERR_SESSION_INVALID' : undefined },
  { name: 'four parts', token: [h, '', iv, ct].join('.'), now: NOW, error: 'ERR_SESSION_INVALID' },
  { name: 'six parts', token: [h, '', iv, ct, tag, ''].join('.'), now: NOW, error: 'ERR_SESSION_INVALID' },
  { name: 'encrypted key not empty', token: [h, 'AAAA', iv, ct, tag].join('.'), now: NOW, error: 'ERR_SESSION_INVALID' },
  { name: 'empty string', token: '', now: NOW, error: 'ERR_SESSION_INVALID' },
  { name: 'header zip', token: rawSeal({ ...hdr, zip: 'DEF' }, plain(typical), keys[0], ivX), now: NOW, error: 'ERR_SESSION_INVALID' },
  { name: 'header crit', token: rawSeal({ ...hdr, crit: ['exp'] }, plain(typical), keys[0], ivX), now: NOW, error: 'ERR_SESSION_INVALID' },
  { name: 'header enc A128GCM', token: rawSeal({ ...hdr, enc: 'A128GCM' }, plain(typical), keys[0], ivX), now: NOW, error: 'ERR_SESSION_INVALID' },
  { name: 'header alg A256KW', token: rawSeal({ ...hdr, alg: 'A256KW' }, plain(typical), keys[0], ivX), now: NOW, error: 'ERR_SESSION_INVALID' },
  { name: 'header without kid', token: rawSeal({ alg: 'dir', enc: 'A256GCM' }, plain(typical), keys[0], ivX), now: NOW, error: 'ERR_SESSION_INVALID' },
  { name: 'header with kid twice', token: rawSeal(`{"alg":"dir","enc":"A256GCM","kid":"nope","kid":"${keys[0].id}"}`, plain(typical), keys[0], ivX), now: NOW, error: 'ERR_SESSION_INVALID' },
  { name: 'header not JSON', token: rawSeal('{"alg":"dir",', plain(typical), keys[0], ivX), now: NOW, error: 'ERR_SESSION_INVALID' },
  { name: 'claims carry session_key', token: await joseSeal({ ...typical, session_key: 'tiihtNczf5v6AKRyjwEUhQ==' }, keys[0], ivX), now: NOW, error: 'ERR_SESSION_INVALID' },
  { name: 'claims carry a nested sessionKey', token: await joseSeal({ ...typical, wx: { SessionKey: 'x' } }, keys[0], ivX), now: NOW, error: 'ERR_SESSION_INVALID' },
  { name: 'claims without sub', token: await joseSeal({ appid: typical.appid }, keys[0], ivX), now: NOW, error: 'ERR_SESSION_INVALID' },
  { name: 'claims with a string ver', token: await joseSeal({ ...typical, ver: '3' }, keys[0], ivX), now: NOW, error: 'ERR_SESSION_INVALID' },
  { name: 'claims without exp', token: rawSeal(hdr, JSON.stringify({ ...typical, iat: NOW }), keys[0], ivX), now: NOW, error: 'ERR_SESSION_INVALID' },
  { name: 'claims not an object', token: rawSeal(hdr, '[1]', keys[0], ivX), now: NOW, error: 'ERR_SESSION_INVALID' },
  { name: 'claims not JSON', token: rawSeal(hdr, '{"sub":', keys[0], ivX), now: NOW, error: 'ERR_SESSION_INVALID' },
].filter((c) => c.error !== undefined || c.claims !== undefined);

// jose agrees with every accepted case (and the expiry cases).
for (const c of open) {
  if (c.claims === undefined) continue;
  const key = c.name.includes('older') ? keys[1] : keys[0];
  const { payload } = await jwtDecrypt(c.token, secretOf(key), {
    currentDate: new Date(c.now * 1000),
    clockTolerance: c.tolerance ?? 0,
  });
  if (JSON.stringify(payload) !== JSON.stringify(c.claims)) throw new Error(`jose disagrees: ${c.name}`);
}

// Claims sealSession refuses (ERR_INVALID_ARGUMENT, field claims).
const badClaims = [
  { name: 'no sub', claims: { appid: 'wxA' } },
  { name: 'empty sub', claims: { sub: '', appid: 'wxA' } },
  { name: 'no appid', claims: { sub: 'oX' } },
  { name: 'numeric unionid', claims: { sub: 'oX', appid: 'wxA', unionid: 1 } },
  { name: 'empty sid', claims: { sub: 'oX', appid: 'wxA', sid: '' } },
  { name: 'negative ver', claims: { sub: 'oX', appid: 'wxA', ver: -1 } },
  { name: 'fractional ver', claims: { sub: 'oX', appid: 'wxA', ver: 1.5 } },
  { name: 'session_key', claims: { sub: 'oX', appid: 'wxA', session_key: 'k' } },
  { name: 'sessionKey', claims: { sub: 'oX', appid: 'wxA', sessionKey: 'k' } },
  { name: 'SESSION-KEY', claims: { sub: 'oX', appid: 'wxA', 'SESSION-KEY': 'k' } },
  { name: 'nested Session_Key in an array', claims: { sub: 'oX', appid: 'wxA', list: [{ Session_Key: 'k' }] } },
];

for (const c of badClaims) c.claimsText = JSON.stringify(c.claims);
for (const c of open) c.claimsText = c.claims === undefined ? undefined : JSON.stringify(c.claims);
const out = { keys, stranger, seal, open, badClaims };
writeFileSync(new URL('../tests/vectors/session.json', import.meta.url), `${JSON.stringify(out, null, 2)}\n`);
console.log(`tests/vectors/session.json: ${seal.length} seal, ${open.length} open, ${badClaims.length} bad claim sets`);

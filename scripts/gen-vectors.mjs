// Regenerates tests/vectors/open-data.json with node:crypto, an implementation independent of the
// Rust core. Deterministic: fixed keys and ivs. Usage: node scripts/gen-vectors.mjs
// The Rust tests (tests/vectors.rs) and the JS suite (js-tests/suite.mjs) both read the output.
import { createCipheriv, createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';

const APPID = 'wx4f4bc4dec97d474b';
const OFFICIAL = {
  appId: APPID,
  sessionKey: 'tiihtNczf5v6AKRyjwEUhQ==',
  iv: 'r7BXXKkLb8qrSNn05n0qiA==',
  encryptedData:
    'CiyLU1Aw2KjvrjMdj8YKliAjtP4gsMZMQmRzooG2xrDcvSnxIMXFufNstNGTyaGS9uT5geRa0W4oTOb1WT7fJlAC+oNPdbB+3hVbJSRgv+4lGOETKUQz6OYStslQ142dNCuabNPGBzlooOmB231qMM85d2/fV6ChevvXvQP8Hkue1poOFtnEtpyxVLW1zAo6/1Xx1COxFvrc2d7UL/lmHInNlxuacJXwu0fjpXfz/YqYzBIBzD6WUfTIF9GRHpOn/Hz7saL8xz+W//FRAUid1OksQaQx4CMs8LOddcQhULW4ucetDf96JcR3g0gfRK4PC7E/r7Z6xNrXd2UIeorGj5Ef7b1pJAYB6Y5anaHqZ9J6nKEBvB4DnNLIVWSgARns/8wR2SiRS7MNACwTyrGvt9ts8p12PKFdlqYTopNHR1Vf7XjfhQlVsAJdNiKdYmYVoKlaRv85IfVunYzO0IKXsyl7JCUjCpoG20f0a04COwfneQAGGwd5oa+T8yO5hzuyDb/XcxxmK01EpqOyuxINew==',
};
const OFFICIAL_PLAINTEXT =
  '{"openId":"oGZUI0egBJY1zhBYw2KhdUfwVJJE","nickName":"Band","gender":1,"language":"zh_CN","city":"Guangzhou","province":"Guangdong","country":"CN","avatarUrl":"http://wx.qlogo.cn/mmopen/vi_32/aSKcBBPpibyKNicHNTMM0qJVh8Kjgiak2AHWr8MHM4WgMEm7GFhsf8OYrySdbvAMvTsw3mo8ibKicsnfN5pRjl1p8HQ/0","unionId":"ocMvos6NjeKLIBqg5Mr9QjxrP1FA","watermark":{"timestamp":1477314187,"appid":"wx4f4bc4dec97d474b"}}';
const NOW = 1477314187 + 60; // "now" for the official vector: one minute after WeChat produced it

// Deterministic key material for generated vectors.
const bytes = (label, n) => createHash('sha256').update(label).digest().subarray(0, n);
const KEY = bytes('wx-open-data vectors key', 16);
const IV = bytes('wx-open-data vectors iv', 16);
const b64 = (b) => Buffer.from(b).toString('base64');

/** PKCS#7-pad (or not) and encrypt raw bytes with node:crypto. */
function encrypt(plain, { key = KEY, iv = IV, pad = true } = {}) {
  const c = createCipheriv('aes-128-cbc', key, iv);
  c.setAutoPadding(pad);
  return b64(Buffer.concat([c.update(plain), c.final()]));
}
const gen = (text, opts) => ({
  appId: APPID,
  sessionKey: b64(opts?.key ?? KEY),
  iv: b64(opts?.iv ?? IV),
  encryptedData: encrypt(Buffer.from(text, 'utf8'), opts),
});
const wm = (extra = '') => `"watermark":{"timestamp":${NOW - 30},"appid":"${APPID}"${extra}}`;

const vectors = [];
const ok = (name, input, plaintext, options = {}) =>
  vectors.push({ name, input, options: { now: NOW, ...options }, expect: { plaintext } });
const fail = (name, input, code, field, options = {}) =>
  vectors.push({ name, input, options: { now: NOW, ...options }, expect: { code, ...(field ? { field } : {}) } });

ok('official getUserInfo vector', OFFICIAL, OFFICIAL_PLAINTEXT);
ok('official vector, appId given as a list', { ...OFFICIAL, appId: ['wxdev000000000000', APPID] }, OFFICIAL_PLAINTEXT);
ok('official vector within maxAgeSeconds', OFFICIAL, OFFICIAL_PLAINTEXT, { maxAgeSeconds: 600 });
ok('official vector with the matching openId', OFFICIAL, OFFICIAL_PLAINTEXT, { openId: 'oGZUI0egBJY1zhBYw2KhdUfwVJJE' });
const spaced = { ...OFFICIAL, encryptedData: OFFICIAL.encryptedData.replaceAll('+', ' ') };
fail("every '+' turned into a space", spaced, 'ERR_INVALID_BASE64', 'encryptedData');
ok("every '+' turned into a space, repairBase64", spaced, OFFICIAL_PLAINTEXT, { repairBase64: true });
fail('double URL-encoded encryptedData', { ...OFFICIAL, encryptedData: encodeURIComponent(OFFICIAL.encryptedData) }, 'ERR_INVALID_BASE64', 'encryptedData');
fail('URL-safe base64 encryptedData', { ...OFFICIAL, encryptedData: OFFICIAL.encryptedData.replaceAll('+', '-').replaceAll('/', '_') }, 'ERR_INVALID_BASE64', 'encryptedData');
fail('iv without padding', { ...OFFICIAL, iv: OFFICIAL.iv.replace(/=+$/, '') }, 'ERR_INVALID_BASE64', 'iv');
fail('sessionKey with a space', { ...OFFICIAL, sessionKey: 'tiihtNczf5v6AKRyjwEU hQ==' }, 'ERR_INVALID_BASE64', 'sessionKey');
fail('wrong session key', { ...OFFICIAL, sessionKey: b64(bytes('another key', 16)) }, 'ERR_DECRYPT_FAILED', 'encryptedData');
fail('wrong iv', { ...OFFICIAL, iv: b64(bytes('another iv', 16)) }, 'ERR_DECRYPT_FAILED', 'encryptedData');
const ct = Buffer.from(OFFICIAL.encryptedData, 'base64');
const flipped = Buffer.from(ct);
flipped[flipped.length - 1] ^= 0x01;
fail('flipped byte in the last block', { ...OFFICIAL, encryptedData: b64(flipped) }, 'ERR_DECRYPT_FAILED', 'encryptedData');
fail('ciphertext truncated by one block', { ...OFFICIAL, encryptedData: b64(ct.subarray(0, ct.length - 16)) }, 'ERR_DECRYPT_FAILED', 'encryptedData');
fail('ciphertext truncated to a non-multiple of 16', { ...OFFICIAL, encryptedData: b64(ct.subarray(0, ct.length - 3)) }, 'ERR_INVALID_CIPHERTEXT', 'encryptedData');
fail('empty encryptedData', { ...OFFICIAL, encryptedData: '' }, 'ERR_INVALID_BASE64', 'encryptedData');
fail('session key of 15 bytes', { ...OFFICIAL, sessionKey: b64(bytes('k', 15)) }, 'ERR_INVALID_SESSION_KEY', 'sessionKey');
fail('session key of 32 bytes', { ...OFFICIAL, sessionKey: b64(bytes('k', 32)) }, 'ERR_INVALID_SESSION_KEY', 'sessionKey');
fail('iv of 12 bytes', { ...OFFICIAL, iv: b64(bytes('i', 12)) }, 'ERR_INVALID_IV', 'iv');
fail('wrong appid', { ...OFFICIAL, appId: 'wx0000000000000000' }, 'ERR_APPID_MISMATCH', 'appId');
fail('watermark older than maxAgeSeconds', OFFICIAL, 'ERR_WATERMARK_EXPIRED', 'watermark', { maxAgeSeconds: 30 });
fail('watermark too far in the future', OFFICIAL, 'ERR_WATERMARK_EXPIRED', 'watermark', { maxAgeSeconds: 30, now: 1477314187 - 3600 });
fail('openId of another user', OFFICIAL, 'ERR_OPENID_MISMATCH', 'openId', { openId: 'oGZUI0egBJY1zhBYw2KhdUfwXXXX' });

fail('payload without watermark', gen('{"openId":"o1","nickName":"x"}'), 'ERR_WATERMARK_MISSING', 'watermark');
fail('watermark that is a string', gen('{"watermark":"wx4f4bc4dec97d474b"}'), 'ERR_WATERMARK_MISSING', 'watermark');
fail('watermark without appid', gen(`{"watermark":{"timestamp":${NOW}}}`), 'ERR_WATERMARK_MISSING', 'watermark');
fail('watermark.appid that is a number', gen(`{"watermark":{"appid":123,"timestamp":${NOW}}}`), 'ERR_APPID_MISMATCH', 'appId');
fail('watermark without timestamp and maxAgeSeconds set', gen(`{"watermark":{"appid":"${APPID}"}}`), 'ERR_WATERMARK_MISSING', 'watermark', { maxAgeSeconds: 60 });
ok('watermark without timestamp, no maxAgeSeconds', gen(`{"watermark":{"appid":"${APPID}"}}`), `{"watermark":{"appid":"${APPID}"}}`);
fail('payload that is a JSON array', gen(`[{${wm()}}]`), 'ERR_DECRYPT_FAILED', 'encryptedData');
fail('payload that is a JSON string', gen('"hello"'), 'ERR_DECRYPT_FAILED', 'encryptedData');
fail('payload that is not JSON', gen(`{${wm()},}`), 'ERR_DECRYPT_FAILED', 'encryptedData');
fail('payload with trailing garbage', gen(`{${wm()}}x`), 'ERR_DECRYPT_FAILED', 'encryptedData');
fail('payload with a BOM', gen(`\ufeff{${wm()}}`), 'ERR_DECRYPT_FAILED', 'encryptedData');
{
  const bad = Buffer.concat([Buffer.from(`{${wm()},"n":"`), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
  fail('payload with invalid UTF-8', { appId: APPID, sessionKey: b64(KEY), iv: b64(IV), encryptedData: encrypt(bad) }, 'ERR_DECRYPT_FAILED', 'encryptedData');
}
{
  // Valid JSON but the padding byte is 0x11 (17 > 16): must be rejected, not trimmed.
  const text = Buffer.from(`{${wm()}}`);
  const padLen = 16 - (text.length % 16);
  const padded = Buffer.concat([text, Buffer.alloc(padLen, 0x11)]);
  fail('padding byte larger than 16', { appId: APPID, sessionKey: b64(KEY), iv: b64(IV), encryptedData: encrypt(padded, { pad: false }) }, 'ERR_DECRYPT_FAILED', 'encryptedData');
  const zero = Buffer.concat([text, Buffer.alloc(padLen, 0)]);
  fail('padding byte 0', { appId: APPID, sessionKey: b64(KEY), iv: b64(IV), encryptedData: encrypt(zero, { pad: false }) }, 'ERR_DECRYPT_FAILED', 'encryptedData');
  const mixed = Buffer.concat([text, Buffer.alloc(padLen, padLen)]);
  if (padLen > 1) mixed[mixed.length - 2] ^= 1;
  fail('padding bytes that differ', { appId: APPID, sessionKey: b64(KEY), iv: b64(IV), encryptedData: encrypt(mixed, { pad: false }) }, 'ERR_DECRYPT_FAILED', 'encryptedData');
}
{
  const exact = `{"a":"${'x'.repeat(16 - ((`{"a":"",${wm()}}`).length % 16))}",${wm()}}`;
  ok('plaintext of whole blocks gets a full 16-byte pad block', gen(exact), exact);
}
const proto = `{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},${wm()}}`;
ok('__proto__ and constructor keys stay plain own properties', gen(proto), proto);
const unicode = `{"nickName":"\u{1F600}\u5FAE\u4FE1\u7528\u6237\u2028x","escaped":"\\ud83d\\ude00 \\ud800 lone","e":"\\u0000",${wm()}}`;
ok('4-byte emoji, U+2028, escaped and lone surrogates', gen(unicode), unicode);
const unknown = `{"newField":{"nested":[1,2.5e3,-0,null,true]},"big":12345678901234567890,${wm(',"extra":"kept"')}}`;
ok('unknown fields and watermark extras are kept', gen(unknown), unknown);
const dupOk = `{"watermark":{"appid":"wxother","timestamp":1},${wm()}}`;
ok('duplicate watermark keys: the last one counts, as in JSON.parse', gen(dupOk), dupOk);
const dupBad = `{${wm()},"watermark":{"appid":"wxother","timestamp":1}}`;
fail('duplicate watermark keys: a wrong last one is rejected', gen(dupBad), 'ERR_APPID_MISMATCH', 'appId');
const escapedKey = `{"water\\u006dark":{"appid":"${APPID}","timestamp":${NOW}}}`;
ok('escaped key "watermark" is the watermark', gen(escapedKey), escapedKey);
const deep = `{"deep":${'['.repeat(3000)}${']'.repeat(3000)},${wm()}}`;
ok('nesting 3000 deep', gen(deep), deep);
const ws = ` \t\r\n{ "watermark" : { "appid" : "${APPID}" , "timestamp" : ${NOW} } }\n`;
ok('JSON whitespace everywhere', gen(ws), ws);

fail('appId missing', { ...OFFICIAL, appId: undefined }, 'ERR_INVALID_ARGUMENT', 'appId');
fail('appId empty list', { ...OFFICIAL, appId: [] }, 'ERR_INVALID_ARGUMENT', 'appId');
fail('sessionKey missing', { ...OFFICIAL, sessionKey: undefined }, 'ERR_INVALID_ARGUMENT', 'sessionKey');
fail('iv is a number', { ...OFFICIAL, iv: 16 }, 'ERR_INVALID_ARGUMENT', 'iv');
fail('maxAgeSeconds is a string', OFFICIAL, 'ERR_INVALID_ARGUMENT', 'maxAgeSeconds', { maxAgeSeconds: '600' });
fail('maxAgeSeconds is negative', OFFICIAL, 'ERR_INVALID_ARGUMENT', 'maxAgeSeconds', { maxAgeSeconds: -1 });

const signatures = {
  rawData: [
    {
      sessionKey: 'HyVFkGl5F5OQWJZZaNzBBg==',
      rawData:
        '{"nickName":"Band","gender":1,"language":"zh_CN","city":"Guangzhou","province":"Guangdong","country":"CN","avatarUrl":"http://wx.qlogo.cn/mmopen/vi_32/1vZvI39NWFQ9XM4LtQpFrQJ1xlgZxx3w7bQxKARol6503Iuswjjn6nIGBiaycAjAtpujxyzYsrztuuICqIM5ibXQ/0"}',
      signature: '75e81ceda165f4ffa64f4068af58c64b8f54b88c',
    },
  ],
  hmacSha256: [
    { sessionKey: 'o0q0otL8aEzpcZL/FT9WsQ==', body: '{"foo":"bar"}', signature: '654571f79995b2ce1e149e53c0a33dc39c0a74090db514261454e8dbe432aa0b' },
    { sessionKey: 'tiihtNczf5v6AKRyjwEUhQ==', body: '', signature: '7154f9f8b4b76b92f541cbf0e37d48840fa06e5e42da92a6f80168a1516a4735' },
  ],
};

const out = new URL('../tests/vectors/open-data.json', import.meta.url);
writeFileSync(out, JSON.stringify({ generatedBy: 'scripts/gen-vectors.mjs (node:crypto)', openData: vectors, signatures }, null, 2) + '\n');
console.log(`wrote ${vectors.length} open-data vectors to ${out.pathname}`);

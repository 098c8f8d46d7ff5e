// Regenerates tests/vectors/payloads.json with node:crypto (independent of the Rust core): typed
// payloads, several session keys, WeChat API responses and request builders, WXBizDataCrypt and
// diagnose expectations. Deterministic: fixed keys and ivs. Usage: node scripts/gen-payload-vectors.mjs
// Read by tests/flow.rs (Rust core) and js-tests/suite-flow.mjs (every JS runtime, as vectors.payloads).
import { createCipheriv, createHash, createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';

const APPID = 'wx4f4bc4dec97d474b';
const NOW = 1700000000;
const bytes = (label, n) => createHash('sha256').update(label).digest().subarray(0, n);
const b64 = (b) => Buffer.from(b).toString('base64');
const KEY = bytes('wx-open-data payload vectors key', 16);
const OLD_KEY = bytes('wx-open-data payload vectors previous key', 16);
const IV = bytes('wx-open-data payload vectors iv', 16);

function encrypt(text, { key = KEY, iv = IV } = {}) {
  const c = createCipheriv('aes-128-cbc', key, iv);
  return b64(Buffer.concat([c.update(Buffer.from(text, 'utf8')), c.final()]));
}
const input = (text, opts) => ({
  appId: APPID,
  sessionKey: b64(opts?.key ?? KEY),
  iv: b64(opts?.iv ?? IV),
  encryptedData: encrypt(text, opts),
});
const wm = (appid = APPID, ts = NOW - 30) => `"watermark":{"timestamp":${ts},"appid":"${appid}"}`;

// ---- typed decoders -------------------------------------------------------------------------
const typed = [];
const ok = (fn, name, text, options = {}) =>
  typed.push({ fn, name, input: input(text), options: { now: NOW, ...options }, expect: { plaintext: text } });
const fail = (fn, name, text, code, field, options = {}) =>
  typed.push({ fn, name, input: input(text), options: { now: NOW, ...options }, expect: { code, field } });

const user = `{"openId":"oUser1","nickName":"微信用户😀","gender":0,"language":"zh_CN","city":"","province":"","country":"","avatarUrl":"https://thirdwx.qlogo.cn/mmopen/vi_32/x/132","unionId":"uUnion1","newField":[1,{"a":null}],${wm()}}`;
ok('decryptUserInfo', 'user info with unknown fields and emoji', user);
ok('decryptUserInfo', 'getUserProfile payload without openId', `{"nickName":"n","gender":1,"language":"en","city":"c","province":"p","country":"CN","avatarUrl":"",${wm()}}`);
fail('decryptUserInfo', 'user info with gender as a string', user.replace('"gender":0', '"gender":"0"'), 'ERR_PAYLOAD_SHAPE', 'gender');
fail('decryptUserInfo', 'user info without nickName', user.replace('"nickName":"微信用户😀",', ''), 'ERR_PAYLOAD_SHAPE', 'nickName');
fail('decryptUserInfo', 'a phone payload given to decryptUserInfo', `{"phoneNumber":"1","purePhoneNumber":"1","countryCode":"86",${wm()}}`, 'ERR_PAYLOAD_SHAPE', 'nickName');
fail('decryptUserInfo', 'user info without watermark', user.replace(`,${wm()}`, ''), 'ERR_WATERMARK_MISSING', 'watermark');
fail('decryptUserInfo', 'user info for another appid', user.replace(APPID, 'wxother0000000000'), 'ERR_APPID_MISMATCH', 'appId');
fail('decryptUserInfo', 'user info of another openId', user, 'ERR_OPENID_MISMATCH', 'openId', { openId: 'oSomeoneElse' });
fail('decryptUserInfo', 'stale user info', user, 'ERR_WATERMARK_EXPIRED', 'watermark', { maxAgeSeconds: 10 });

const phone = `{"phoneNumber":"+8613800138000","purePhoneNumber":"13800138000","countryCode":"86",${wm()}}`;
ok('decryptPhoneNumber', 'phone number, countryCode a string', phone);
ok('decryptPhoneNumber', 'phone number, countryCode a number', phone.replace('"86"', '86'));
fail('decryptPhoneNumber', 'phone number with countryCode null', phone.replace('"86"', 'null'), 'ERR_PAYLOAD_SHAPE', 'countryCode');
fail('decryptPhoneNumber', 'phone number without purePhoneNumber', phone.replace('"purePhoneNumber":"13800138000",', ''), 'ERR_PAYLOAD_SHAPE', 'purePhoneNumber');
fail('decryptPhoneNumber', 'phone number without watermark', phone.replace(`,${wm()}`, ''), 'ERR_WATERMARK_MISSING', 'watermark');
fail('decryptPhoneNumber', 'phone number without watermark, requireWatermark false is honoured', phone.replace(`,${wm()}`, ''), 'ERR_WATERMARK_MISSING', 'watermark', {});

const share = `{"openGId":"tGabc123",${wm()}}`;
ok('decryptShareInfo', 'share info with watermark', share);
ok('decryptShareInfo', 'share info without watermark (accepted by default)', '{"openGId":"tGabc123"}');
fail('decryptShareInfo', 'share info without watermark, requireWatermark: true', '{"openGId":"tGabc123"}', 'ERR_WATERMARK_MISSING', 'watermark', { requireWatermark: true });
fail('decryptShareInfo', 'share info with a watermark for another appid', `{"openGId":"g",${wm('wxother0000000000')}}`, 'ERR_APPID_MISMATCH', 'appId');
fail('decryptShareInfo', 'share info with opengid in lower case', `{"opengid":"g",${wm()}}`, 'ERR_PAYLOAD_SHAPE', 'openGId');

const group = `{"opengid":"tGgroup","group_openid":"gOpen","chat_type":3,${wm()}}`;
ok('decryptGroupEnterInfo', 'group enter info', group);
ok('decryptGroupEnterInfo', 'group enter info from a single chat (open_single_roomid, no opengid)', '{"open_single_roomid":"room1","chat_type":1}');
fail('decryptGroupEnterInfo', 'group enter info without chat_type', `{"opengid":"g",${wm()}}`, 'ERR_PAYLOAD_SHAPE', 'chat_type');
fail('decryptGroupEnterInfo', 'group enter info with openGId (share spelling)', `{"openGId":"g","chat_type":3}`, 'ERR_PAYLOAD_SHAPE', 'opengid');
fail('decryptGroupEnterInfo', 'group enter info with an expired watermark', group, 'ERR_WATERMARK_EXPIRED', 'watermark', { maxAgeSeconds: 5 });

const days = Array.from({ length: 31 }, (_, i) => `{"timestamp":${NOW - 86400 * (31 - i)},"step":${i * 1000}}`).join(',');
const werun = `{"stepInfoList":[${days}],${wm()}}`;
ok('decryptWeRunData', 'WeRun data, 31 days', werun);
ok('decryptWeRunData', 'WeRun data without watermark', `{"stepInfoList":[${days}]}`);
fail('decryptWeRunData', 'WeRun data with a string step', `{"stepInfoList":[{"timestamp":1,"step":"10"}]}`, 'ERR_PAYLOAD_SHAPE', 'stepInfoList');
fail('decryptWeRunData', 'WeRun data with an object list', '{"stepInfoList":{}}', 'ERR_PAYLOAD_SHAPE', 'stepInfoList');
fail('decryptWeRunData', 'WeRun data under a wrong session key', werun, 'ERR_DECRYPT_FAILED', 'encryptedData');
typed[typed.length - 1].input.sessionKey = b64(OLD_KEY);
// The no-oracle rule applies to typed decoders too.
fail('decryptShareInfo', 'share info that is not JSON', '{"openGId":"g",}', 'ERR_DECRYPT_FAILED', 'encryptedData');
// Fix the "requireWatermark false is honoured" case: it passes requireWatermark: false.
{
  const v = typed.find((x) => x.name.includes('requireWatermark false'));
  v.options.requireWatermark = false;
  v.expect = { plaintext: phone.replace(`,${wm()}`, '') };
}

// ---- several session keys -------------------------------------------------------------------
const withKeys = [];
const keysInput = (text, sessionKeys, key) => ({
  appId: APPID,
  sessionKeys,
  iv: b64(IV),
  encryptedData: encrypt(text, { key }),
});
const other = b64(bytes('unrelated key', 16));
withKeys.push({ name: 'current key matches', input: keysInput(user, [b64(KEY), b64(OLD_KEY)], KEY), options: { now: NOW }, expect: { plaintext: user, keyIndex: 0 } });
withKeys.push({ name: 'previous key matches', input: keysInput(user, [b64(KEY), b64(OLD_KEY)], OLD_KEY), options: { now: NOW, kind: 'userInfo' }, expect: { plaintext: user, keyIndex: 1 } });
withKeys.push({ name: 'null previous key is skipped', input: keysInput(share, [null, other, b64(KEY)], KEY), options: { now: NOW, kind: 'shareInfo' }, expect: { plaintext: share, keyIndex: 2 } });
withKeys.push({ name: 'no key matches', input: keysInput(user, [other, b64(OLD_KEY)], KEY), options: { now: NOW }, expect: { code: 'ERR_DECRYPT_FAILED', field: 'encryptedData' } });
withKeys.push({ name: 'a malformed stored key', input: keysInput(user, [b64(KEY), 'AAAA'], KEY), options: { now: NOW }, expect: { code: 'ERR_INVALID_SESSION_KEY', field: 'sessionKeys' } });
withKeys.push({ name: 'empty list', input: keysInput(user, [], KEY), options: { now: NOW }, expect: { code: 'ERR_INVALID_ARGUMENT', field: 'sessionKeys' } });
withKeys.push({ name: 'a matching key but the wrong kind', input: keysInput(share, [b64(KEY)], KEY), options: { now: NOW, kind: 'userInfo' }, expect: { code: 'ERR_PAYLOAD_SHAPE', field: 'nickName' } });
withKeys.push({ name: 'a matching key but another appid', input: { ...keysInput(user, [b64(KEY)], KEY), appId: 'wxother0000000000' }, options: { now: NOW }, expect: { code: 'ERR_APPID_MISMATCH', field: 'appId' } });

// ---- WeChat API responses -------------------------------------------------------------------
const SK = 'tiihtNczf5v6AKRyjwEUhQ==';
const responses = [];
const resp = (fn, name, body, expect, options) => responses.push({ fn, name, body, ...(options ? { options } : {}), expect });
const apiErr = (errcode, retryable) => ({ code: 'ERR_WX_API', errcode, retryable });
resp('parseCode2SessionResponse', 'success with unionid', `{"openid":"oUser1","session_key":"${SK}","unionid":"uUnion1"}`, { result: { openId: 'oUser1', sessionKey: SK, unionId: 'uUnion1' } });
resp('parseCode2SessionResponse', 'success without unionid, errcode 0', `{"session_key":"${SK}","openid":"oUser1","errcode":0,"errmsg":"ok"}`, { result: { openId: 'oUser1', sessionKey: SK } });
for (const [code, retry] of [[-1, true], [40029, false], [40163, false], [45011, true], [40226, false], [40013, false], [40125, false], [41002, false], [41004, false], [41008, false], [40243, false], [123456, false]]) {
  resp('parseCode2SessionResponse', `errcode ${code}`, `{"errcode":${code},"errmsg":"message ${code}, rid: 6560a1b2-1"}`, apiErr(code, retry));
}
resp('parseCode2SessionResponse', 'HTML error page', '<html><body>502 Bad Gateway</body></html>', { code: 'ERR_INVALID_RESPONSE', field: 'body' });
resp('parseCode2SessionResponse', 'empty body', '', { code: 'ERR_INVALID_RESPONSE', field: 'body' });
resp('parseCode2SessionResponse', 'no session_key', '{"openid":"o"}', { code: 'ERR_INVALID_RESPONSE', field: 'body' });
resp('parseCode2SessionResponse', 'session_key of the wrong length', '{"openid":"o","session_key":"AAAA"}', { code: 'ERR_INVALID_RESPONSE', field: 'body' });
resp('parseCode2SessionResponse', 'errcode as a string', '{"errcode":"40029"}', { code: 'ERR_INVALID_RESPONSE', field: 'body' });
resp('parseAccessTokenResponse', 'token', '{"access_token":"ACCESS_TOKEN","expires_in":7200}', { result: { accessToken: 'ACCESS_TOKEN', expiresIn: 7200 } });
for (const code of [40001, 40002, 40013, 40125, 40164, 40243, 42001, 45009, 89503, 89506, 89507]) {
  resp('parseAccessTokenResponse', `errcode ${code}`, `{"errcode":${code},"errmsg":"e"}`, apiErr(code, false));
}
resp('parseAccessTokenResponse', 'no expires_in', '{"access_token":"T"}', { code: 'ERR_INVALID_RESPONSE', field: 'body' });
const phoneInfo = `{"phoneNumber":"+8613800138000","purePhoneNumber":"13800138000","countryCode":86,"watermark":{"timestamp":${NOW - 5},"appid":"${APPID}"},"extra":"kept"}`;
resp('parsePhoneNumberResponse', 'new-flow phone number', `{"errcode":0,"errmsg":"ok","phone_info":${phoneInfo}}`, { plaintext: phoneInfo }, { appId: APPID });
resp('parsePhoneNumberResponse', 'phone number for another appid', `{"errcode":0,"errmsg":"ok","phone_info":${phoneInfo}}`, { code: 'ERR_APPID_MISMATCH', field: 'appId' }, { appId: 'wxother0000000000' });
resp('parsePhoneNumberResponse', 'stale phone number', `{"errcode":0,"errmsg":"ok","phone_info":${phoneInfo}}`, { code: 'ERR_WATERMARK_EXPIRED', field: 'watermark' }, { appId: APPID, maxAgeSeconds: 1, now: NOW });
resp('parsePhoneNumberResponse', 'phone_info without watermark', '{"errcode":0,"phone_info":{"phoneNumber":"1","purePhoneNumber":"1","countryCode":"86"}}', { code: 'ERR_WATERMARK_MISSING', field: 'watermark' }, { appId: APPID });
resp('parsePhoneNumberResponse', 'errcode 40029', '{"errcode":40029,"errmsg":"invalid code"}', apiErr(40029, false), { appId: APPID });
resp('parsePhoneNumberResponse', 'errcode -1', '{"errcode":-1,"errmsg":"system error"}', apiErr(-1, true), { appId: APPID });
resp('parsePhoneNumberResponse', 'no phone_info', '{"errcode":0,"errmsg":"ok"}', { code: 'ERR_INVALID_RESPONSE', field: 'body' }, { appId: APPID });
resp('parseWxApiResponse', 'checksession ok', '{"errcode":0,"errmsg":"ok"}', { plaintext: '{"errcode":0,"errmsg":"ok"}' });
resp('parseWxApiResponse', 'checksession invalid signature', '{"errcode":87009,"errmsg":"invalid signature"}', apiErr(87009, false));

// ---- request builders (expected values computed here, independently) ---------------------------
const enc = (s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const SECRET = "s3cr&t=+/ é!'()*";
const CODE = '0a1B c+d/e=';
const requests = [
  { fn: 'code2SessionUrl', input: { appId: APPID, secret: SECRET, code: CODE }, expect: `https://api.weixin.qq.com/sns/jscode2session?appid=${enc(APPID)}&secret=${enc(SECRET)}&js_code=${enc(CODE)}&grant_type=authorization_code` },
  { fn: 'accessTokenUrl', input: { appId: APPID, secret: SECRET }, expect: `https://api.weixin.qq.com/cgi-bin/token?grant_type=client_credential&appid=${enc(APPID)}&secret=${enc(SECRET)}` },
  { fn: 'checkSessionUrl', input: { accessToken: 'TOKEN&x', openId: 'oUser1', sessionKey: SK }, expect: `https://api.weixin.qq.com/wxa/checksession?access_token=${enc('TOKEN&x')}&signature=${createHmac('sha256', SK).update('').digest('hex')}&openid=oUser1&sig_method=hmac_sha256` },
  { fn: 'stableTokenRequest', input: { appId: APPID, secret: SECRET, forceRefresh: true }, expect: { url: 'https://api.weixin.qq.com/cgi-bin/stable_token', method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant_type: 'client_credential', appid: APPID, secret: SECRET, force_refresh: true }) } },
  { fn: 'phoneNumberRequest', input: { accessToken: 'TOKEN', code: CODE }, expect: { url: 'https://api.weixin.qq.com/wxa/business/getuserphonenumber?access_token=TOKEN', method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: CODE }) } },
  { fn: 'encryptedMsgHash', input: input(user).encryptedData, expect: createHash('sha256').update(input(user).encryptedData).digest('hex') },
  { fn: 'checkEncryptedMsgRequest', input: { accessToken: 'TOKEN', encryptedData: input(user).encryptedData }, expect: { url: 'https://api.weixin.qq.com/wxa/business/checkencryptedmsg?access_token=TOKEN', method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ encrypted_msg_hash: createHash('sha256').update(input(user).encryptedData).digest('hex') }) } },
];

// ---- WXBizDataCrypt (official sample semantics) ------------------------------------------------
const u = input(user);
if (!u.encryptedData.includes('+')) throw new Error('the user vector needs a + to test the space damage');
const compat = [
  { name: 'valid data', appId: APPID, sessionKey: u.sessionKey, encryptedData: u.encryptedData, iv: u.iv, expect: { plaintext: user } },
  { name: 'wrong key', appId: APPID, sessionKey: other, encryptedData: u.encryptedData, iv: u.iv, expect: { code: 'ERR_DECRYPT_FAILED', errcode: -41003 } },
  { name: 'wrong appid', appId: 'wxother0000000000', sessionKey: u.sessionKey, encryptedData: u.encryptedData, iv: u.iv, expect: { code: 'ERR_APPID_MISMATCH', errcode: -41003 } },
  { name: 'no watermark (the sample crashes with a TypeError)', appId: APPID, ...(({ appId, ...r }) => r)(input('{"openId":"o"}')), expect: { code: 'ERR_WATERMARK_MISSING', errcode: -41003 } },
  { name: 'session key of 8 bytes', appId: APPID, sessionKey: b64(bytes('k', 8)), encryptedData: u.encryptedData, iv: u.iv, expect: { code: 'ERR_INVALID_SESSION_KEY', errcode: -41001 } },
  { name: 'iv of 8 bytes', appId: APPID, sessionKey: u.sessionKey, encryptedData: u.encryptedData, iv: b64(bytes('i', 8)), expect: { code: 'ERR_INVALID_IV', errcode: -41002 } },
  { name: 'spaces in encryptedData', appId: APPID, sessionKey: u.sessionKey, encryptedData: u.encryptedData.replaceAll('+', ' '), iv: u.iv, expect: { code: 'ERR_INVALID_BASE64', errcode: -41004 } },
];

// ---- diagnose -----------------------------------------------------------------------------------
const wrongIv = { ...u, iv: b64(bytes('another iv', 16)) };
const diag = [
  { name: 'healthy input', input: u, options: { now: NOW }, expect: { ok: true, code: null, kind: 'userInfo' } },
  { name: 'spaces', input: { ...u, encryptedData: u.encryptedData.replaceAll('+', ' ') }, options: { now: NOW }, expect: { ok: false, code: 'ERR_INVALID_BASE64', field: 'encryptedData', base64: 'spaces', repairable: true } },
  { name: 'spaces with repairBase64', input: { ...u, encryptedData: u.encryptedData.replaceAll('+', ' ') }, options: { now: NOW, repairBase64: true }, expect: { ok: true, code: null } },
  { name: 'wrong key', input: { ...u, sessionKey: other }, options: { now: NOW }, expect: { ok: false, code: 'ERR_DECRYPT_FAILED', field: 'encryptedData', causeIncludes: 'session_key' } },
  { name: 'wrong iv', input: wrongIv, options: { now: NOW }, expect: { ok: false, code: 'ERR_DECRYPT_FAILED', field: 'encryptedData', causeIncludes: 'iv does not belong' } },
  { name: 'wrong appid', input: { ...u, appId: 'wxother0000000000' }, options: { now: NOW }, expect: { ok: false, code: 'ERR_APPID_MISMATCH', field: 'appId', causeIncludes: APPID } },
  { name: 'stale', input: u, options: { now: NOW, maxAgeSeconds: 10 }, expect: { ok: false, code: 'ERR_WATERMARK_EXPIRED', field: 'watermark' } },
  { name: 'share info without watermark', input: input('{"openGId":"g"}'), options: { now: NOW }, expect: { ok: false, code: 'ERR_WATERMARK_MISSING', field: 'watermark', kind: 'shareInfo', causeIncludes: 'typed decoder' } },
  { name: 'missing iv', input: { ...u, iv: undefined }, options: { now: NOW }, expect: { ok: false, code: 'ERR_INVALID_ARGUMENT', field: 'iv' } },
  { name: 'truncated ciphertext', input: { ...u, encryptedData: b64(Buffer.from(u.encryptedData, 'base64').subarray(0, 40)) }, options: { now: NOW }, expect: { ok: false, code: 'ERR_INVALID_CIPHERTEXT', field: 'encryptedData' } },
];

const out = new URL('../tests/vectors/payloads.json', import.meta.url);
const doc = {
  generatedBy: 'scripts/gen-payload-vectors.mjs (node:crypto)',
  now: NOW,
  typed,
  withKeys,
  responses,
  requests,
  compat,
  diagnose: diag,
  // Never to appear in any message or report.
  secrets: [b64(KEY), b64(OLD_KEY)],
};
writeFileSync(out, JSON.stringify(doc, null, 2) + '\n');
console.log(`wrote ${typed.length} typed, ${withKeys.length} several-keys, ${responses.length} response, ${requests.length} request, ${compat.length} compat, ${diag.length} diagnose vectors to ${out.pathname}`);

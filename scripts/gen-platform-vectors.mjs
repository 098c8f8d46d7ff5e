// Regenerates tests/vectors/platforms.json with node:crypto (independent of the Rust core): the
// other mini-program platforms (docs/platforms.md). Code-to-session requests and responses in every
// dialect, base URLs of every request builder, open data of QQ, Douyin, Kuaishou and WeCom (WeChat's
// scheme), Baidu open data (AES-192-CBC, padding up to 32, App Key tail), Alipay phone numbers
// (RSA2 signature, AES-128-CBC with a zero IV), login-state signatures.
// Keys and ivs are fixed; Baidu's random prefixes and the Alipay RSA key pair are new on every run.
// Usage: node scripts/gen-platform-vectors.mjs
// Read by tests/platforms.rs (Rust core) and js-tests/suite-platforms.mjs (every JS runtime, as
// vectors.platforms).
import { createCipheriv, createHash, createHmac, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { writeFileSync } from 'node:fs';

const NOW = 1700000000;
const bytes = (label, n) => createHash('sha256').update(label).digest().subarray(0, n);
const b64 = (b) => Buffer.from(b).toString('base64');
const KEY16 = bytes('wx-open-data platform vectors key', 16);
const IV = bytes('wx-open-data platform vectors iv', 16);

// ---- open data of the platforms that use WeChat's scheme ---------------------------------------
const APPIDS = { qq: '1109876543', douyin: 'tt07e3715e98c9aac0', kuaishou: 'ks671599047603022476', wecom: 'wx5823bf96d3bd56c7' };
function aes128(text, key = KEY16, iv = IV) {
  const c = createCipheriv('aes-128-cbc', key, iv);
  return b64(Buffer.concat([c.update(Buffer.from(text, 'utf8')), c.final()]));
}
const openData = [];
for (const [platform, appid] of Object.entries(APPIDS)) {
  const user = `{"openId":"o-${platform}-1","nickName":"${platform} 用户😀","gender":1,"language":"zh_CN","city":"","province":"","country":"","avatarUrl":"","watermark":{"timestamp":${NOW - 30},"appid":"${appid}"}}`;
  openData.push({
    platform,
    name: `${platform} user info`,
    fn: 'decryptUserInfo',
    input: { appId: appid, sessionKey: b64(KEY16), iv: b64(IV), encryptedData: aes128(user) },
    expect: { plaintext: user },
  });
  openData.push({
    platform,
    name: `${platform} data of another app`,
    fn: 'decryptOpenData',
    input: { appId: `${appid}0`, sessionKey: b64(KEY16), iv: b64(IV), encryptedData: aes128(user) },
    expect: { code: 'ERR_APPID_MISMATCH', field: 'appId' },
  });
}
const phone = `{"phoneNumber":"+8613800138000","purePhoneNumber":"13800138000","countryCode":"86","watermark":{"timestamp":${NOW},"appid":"${APPIDS.douyin}"}}`;
openData.push({
  platform: 'douyin',
  name: 'douyin phone number (old encryptedData flow)',
  fn: 'decryptPhoneNumber',
  input: { appId: APPIDS.douyin, sessionKey: b64(KEY16), iv: b64(IV), encryptedData: aes128(phone) },
  expect: { plaintext: phone },
});

// ---- signatures ---------------------------------------------------------------------------------
const hmac = (key, body) => createHmac('sha256', key).update(body).digest('hex');
const sha1 = (text) => createHash('sha1').update(text).digest('hex');
const signatures = [
  // Douyin's documentation: the session_key text as the HMAC key, over the POST body.
  { platform: 'douyin', sessionKey: '724edcafc423d167724edcbe', body: '{"foo":"bar"}', expect: '44b5092fa1c9adba03803239934d4958b8a1840adf0cee8d5e95c1cf5d495e0e' },
  { platform: 'qq', sessionKey: 'o0q0otL8aEzpcZL/FT9WsQ==', body: '{"foo":"bar"}', expect: '654571f79995b2ce1e149e53c0a33dc39c0a74090db514261454e8dbe432aa0b' },
  { platform: 'kuaishou', sessionKey: b64(KEY16), body: '', expect: hmac(b64(KEY16), '') },
];
for (const s of signatures) if (hmac(s.sessionKey, s.body) !== s.expect) throw new Error(`HMAC vector of ${s.platform} does not hold`);
const rawData = '{"nickName":"QQ 用户","gender":1,"language":"zh_CN","city":"","province":"","country":"","avatarUrl":""}';
const rawDataSignatures = ['qq', 'douyin', 'kuaishou'].map((platform) => ({
  platform, rawData, sessionKey: b64(KEY16), signature: sha1(rawData + b64(KEY16)),
}));

// ---- code-to-session requests -------------------------------------------------------------------
const SECRET = 's3cr&t=+/ é';
const CODE = '0a1B c+d/e=';
const enc = (s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const requests = [
  {
    name: 'wechat (the default platform)',
    input: { appId: 'wx4f4bc4dec97d474b', secret: SECRET, code: CODE },
    expect: { url: `https://api.weixin.qq.com/sns/jscode2session?appid=wx4f4bc4dec97d474b&secret=${enc(SECRET)}&js_code=${enc(CODE)}&grant_type=authorization_code`, method: 'GET' },
  },
  {
    name: 'qq',
    input: { platform: 'qq', appId: APPIDS.qq, secret: SECRET, code: CODE },
    expect: { url: `https://api.q.qq.com/sns/jscode2session?appid=${APPIDS.qq}&secret=${enc(SECRET)}&js_code=${enc(CODE)}&grant_type=authorization_code`, method: 'GET' },
  },
  {
    name: 'douyin v2 with code and anonymous code',
    input: { platform: 'douyin', appId: APPIDS.douyin, secret: SECRET, code: CODE, anonymousCode: 'anon"1' },
    expect: { url: 'https://developer.toutiao.com/api/apps/v2/jscode2session', method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ appid: APPIDS.douyin, secret: SECRET, code: CODE, anonymous_code: 'anon"1' }) },
  },
  {
    name: 'douyin v2 with only an anonymous code',
    input: { platform: 'douyin', appId: APPIDS.douyin, secret: 'S', anonymousCode: 'A' },
    expect: { url: 'https://developer.toutiao.com/api/apps/v2/jscode2session', method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ appid: APPIDS.douyin, secret: 'S', anonymous_code: 'A' }) },
  },
  {
    name: 'kuaishou (form body)',
    input: { platform: 'kuaishou', appId: APPIDS.kuaishou, secret: SECRET, code: CODE },
    expect: { url: 'https://open.kuaishou.com/oauth2/mp/code2session', method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `app_id=${APPIDS.kuaishou}&app_secret=${enc(SECRET)}&js_code=${enc(CODE)}` },
  },
  {
    name: 'wecom (corp access_token, appId and secret unused)',
    input: { platform: 'wecom', accessToken: 'TOKEN&x', code: CODE, appId: 'ignored', secret: 'ignored' },
    expect: { url: `https://qyapi.weixin.qq.com/cgi-bin/miniprogram/jscode2session?access_token=TOKEN%26x&js_code=${enc(CODE)}&grant_type=authorization_code`, method: 'GET' },
  },
  {
    name: 'baidu (form body, App Key as client_id, App Secret as sk)',
    input: { platform: 'baidu', appId: 'bAppKey123', secret: SECRET, code: CODE },
    expect: { url: 'https://spapi.baidu.com/oauth/jscode2sessionkey', method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `code=${enc(CODE)}&client_id=bAppKey123&sk=${enc(SECRET)}` },
  },
  {
    name: 'baidu through a proxy with a path prefix and trailing slash',
    input: { platform: 'baidu', appId: 'k', secret: 's', code: 'c', baseUrl: 'http://127.0.0.1:8787/baidu/' },
    expect: { url: 'http://127.0.0.1:8787/baidu/oauth/jscode2sessionkey', method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'code=c&client_id=k&sk=s' },
  },
  {
    name: 'qq under a mirror host',
    input: { platform: 'qq', appId: 'a', secret: 's', code: 'c', baseUrl: 'https://mirror.example.com' },
    expect: { url: 'https://mirror.example.com/sns/jscode2session?appid=a&secret=s&js_code=c&grant_type=authorization_code', method: 'GET' },
  },
  { name: 'wecom without accessToken', input: { platform: 'wecom', code: 'c' }, expect: { code: 'ERR_INVALID_ARGUMENT', field: 'accessToken' } },
  { name: 'douyin without code or anonymousCode', input: { platform: 'douyin', appId: 'a', secret: 's' }, expect: { code: 'ERR_INVALID_ARGUMENT', field: 'code' } },
  { name: 'anonymousCode given to wechat', input: { appId: 'a', secret: 's', code: 'c', anonymousCode: 'x' }, expect: { code: 'ERR_INVALID_ARGUMENT', field: 'anonymousCode' } },
  { name: 'accessToken given to baidu', input: { platform: 'baidu', appId: 'a', secret: 's', code: 'c', accessToken: 't' }, expect: { code: 'ERR_INVALID_ARGUMENT', field: 'accessToken' } },
  { name: 'kuaishou without secret', input: { platform: 'kuaishou', appId: 'a', code: 'c' }, expect: { code: 'ERR_INVALID_ARGUMENT', field: 'secret' } },
  { name: 'a baseUrl that is not an http(s) origin', input: { appId: 'a', secret: 's', code: 'c', baseUrl: 'api.weixin.qq.com' }, expect: { code: 'ERR_INVALID_ARGUMENT', field: 'baseUrl' } },
  { name: 'a baseUrl with a query', input: { appId: 'a', secret: 's', code: 'c', baseUrl: 'https://x.example/?a=1' }, expect: { code: 'ERR_INVALID_ARGUMENT', field: 'baseUrl' } },
];

// Every other request builder takes baseUrl too.
const BASE = 'http://127.0.0.1:9000/wx';
const builders = [
  { fn: 'code2SessionUrl', input: { appId: 'a', secret: 's', code: 'c', baseUrl: BASE }, expect: `${BASE}/sns/jscode2session?appid=a&secret=s&js_code=c&grant_type=authorization_code` },
  { fn: 'accessTokenUrl', input: { appId: 'a', secret: 's', baseUrl: BASE }, expect: `${BASE}/cgi-bin/token?grant_type=client_credential&appid=a&secret=s` },
  { fn: 'checkSessionUrl', input: { accessToken: 'T', openId: 'o', sessionKey: 'k', baseUrl: 'https://api.q.qq.com' }, expect: `https://api.q.qq.com/wxa/checksession?access_token=T&signature=${hmac('k', '')}&openid=o&sig_method=hmac_sha256` },
  { fn: 'stableTokenRequest', input: { appId: 'a', secret: 's', baseUrl: BASE }, expect: { url: `${BASE}/cgi-bin/stable_token`, method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"grant_type":"client_credential","appid":"a","secret":"s","force_refresh":false}' } },
  { fn: 'phoneNumberRequest', input: { accessToken: 'T', code: 'c', baseUrl: BASE }, expect: { url: `${BASE}/wxa/business/getuserphonenumber?access_token=T`, method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"code":"c"}' } },
  { fn: 'checkEncryptedMsgRequest', input: { accessToken: 'T', encryptedData: 'abc', baseUrl: BASE }, expect: { url: `${BASE}/wxa/business/checkencryptedmsg?access_token=T`, method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"encrypted_msg_hash":"${createHash('sha256').update('abc').digest('hex')}"}` } },
  { fn: 'accessTokenUrl', input: { appId: 'a', secret: 's', baseUrl: 'ftp://x' }, expect: { code: 'ERR_INVALID_ARGUMENT', field: 'baseUrl' } },
];

// ---- code-to-session responses, every dialect ---------------------------------------------------
const SK16 = b64(KEY16);
const SK24 = b64(bytes('wx-open-data platform vectors baidu key', 24));
const api = (platform, errcode, errmsg, retryable, error) => ({ code: 'ERR_WX_API', platform, errcode, errmsg, retryable, ...(error ? { error } : {}) });
const invalid = { code: 'ERR_INVALID_RESPONSE', field: 'body' };
const responses = [
  // QQ: WeChat's dialect.
  { platform: 'qq', name: 'success with unionid', body: `{"errcode":0,"errmsg":"","openid":"oQ1","session_key":"${SK16}","unionid":"uQ1"}`, expect: { result: { openId: 'oQ1', sessionKey: SK16, unionId: 'uQ1' } } },
  { platform: 'qq', name: 'system busy', body: '{"errcode":-1,"errmsg":"system error"}', expect: api('qq', -1, 'system error', true) },
  { platform: 'qq', name: 'invalid code', body: '{"errcode":40029,"errmsg":"invalid code"}', expect: api('qq', 40029, 'invalid code', false) },
  { platform: 'qq', name: 'rate limit', body: '{"errcode":45011,"errmsg":"api minute-quota reach limit"}', expect: api('qq', 45011, 'api minute-quota reach limit', true) },
  // Douyin v2: err_no, data.
  { platform: 'douyin', name: 'v2 success', body: `{"err_no":0,"err_tips":"success","log_id":"2024","data":{"session_key":"${SK16}","openid":"oD1","anonymous_openid":"aD1","unionid":"uD1","dopenid":""}}`, expect: { result: { openId: 'oD1', sessionKey: SK16, unionId: 'uD1', anonymousOpenId: 'aD1' } } },
  { platform: 'douyin', name: 'v2 anonymous code only: openid and session_key empty', body: '{"err_no":0,"err_tips":"success","data":{"session_key":"","openid":"","anonymous_openid":"aD2","unionid":""}}', expect: { result: { openId: '', sessionKey: '', anonymousOpenId: 'aD2' } } },
  { platform: 'douyin', name: 'v2 bad code', body: '{"err_no":40018,"err_tips":"bad code","log_id":"2024","data":null}', expect: api('douyin', 40018, 'bad code', false) },
  { platform: 'douyin', name: 'v2 unknown err_no', body: '{"err_no":40099,"err_tips":"something new","data":{}}', expect: api('douyin', 40099, 'something new', false) },
  { platform: 'douyin', name: 'v1 flat errcode dialect', body: '{"errcode":40015,"errmsg":"bad appid"}', expect: api('douyin', 40015, 'bad appid', false) },
  { platform: 'douyin', name: 'v1 flat success', body: `{"errcode":0,"openid":"oD3","session_key":"${SK16}","anonymous_openid":""}`, expect: { result: { openId: 'oD3', sessionKey: SK16 } } },
  { platform: 'douyin', name: 'v2 without data', body: '{"err_no":0,"err_tips":"success"}', expect: invalid },
  { platform: 'douyin', name: 'v2 err_no as a string', body: '{"err_no":"40018"}', expect: invalid },
  // Kuaishou: result.
  { platform: 'kuaishou', name: 'success', body: `{"result":1,"open_id":"fK1","session_key":"${SK16}"}`, expect: { result: { openId: 'fK1', sessionKey: SK16 } } },
  { platform: 'kuaishou', name: 'failure', body: '{"result":100200100,"error":"invalid_request","error_msg":"code is invalid"}', expect: api('kuaishou', 100200100, 'code is invalid', false, 'invalid_request') },
  { platform: 'kuaishou', name: 'error text without result', body: '{"error":"invalid_client","error_msg":"bad app_secret"}', expect: api('kuaishou', 0, 'bad app_secret', false, 'invalid_client') },
  { platform: 'kuaishou', name: 'result 1 without open_id', body: `{"result":1,"session_key":"${SK16}"}`, expect: invalid },
  // WeCom: corpid, userid.
  { platform: 'wecom', name: 'success', body: `{"errcode":0,"errmsg":"ok","corpid":"wwCorp1","userid":"zhangsan","session_key":"${SK16}"}`, expect: { result: { openId: 'zhangsan', sessionKey: SK16, corpId: 'wwCorp1', userId: 'zhangsan' } } },
  { platform: 'wecom', name: 'third-party app: open_userid is the openId', body: `{"errcode":0,"errmsg":"ok","corpid":"wwCorp1","userid":"zhangsan","open_userid":"woOpen1","session_key":"${SK16}"}`, expect: { result: { openId: 'woOpen1', sessionKey: SK16, corpId: 'wwCorp1', userId: 'zhangsan' } } },
  { platform: 'wecom', name: 'busy', body: '{"errcode":-1,"errmsg":"system busy"}', expect: api('wecom', -1, 'system busy', true) },
  { platform: 'wecom', name: 'expired token', body: '{"errcode":42001,"errmsg":"access_token expired"}', expect: api('wecom', 42001, 'access_token expired', false) },
  { platform: 'wecom', name: 'no corpid', body: `{"errcode":0,"userid":"u","session_key":"${SK16}"}`, expect: invalid },
  // Baidu: errno/error/error_description, 24-byte session_key.
  { platform: 'baidu', name: 'success', body: `{"openid":"bO1","session_key":"${SK24}"}`, expect: { result: { openId: 'bO1', sessionKey: SK24 } } },
  { platform: 'baidu', name: 'errno failure', body: '{"errno":1,"error":"invalid_client","error_description":"unknown client id"}', expect: api('baidu', 1, 'unknown client id', false, 'invalid_client') },
  { platform: 'baidu', name: 'error text without errno', body: '{"error":"invalid_grant","error_description":"Invalid code"}', expect: api('baidu', 0, 'Invalid code', false, 'invalid_grant') },
  { platform: 'baidu', name: 'a 16-byte session_key is not Baidu\'s', body: `{"openid":"bO1","session_key":"${SK16}"}`, expect: invalid },
  // Every platform: not a JSON object.
  ...['wechat', 'qq', 'douyin', 'kuaishou', 'wecom', 'baidu'].map((platform) => ({ platform, name: 'an HTML error page', body: '<html>502 Bad Gateway</html>', expect: invalid })),
  // WeChat through the options form: unchanged behaviour.
  { platform: 'wechat', name: 'success', body: `{"openid":"oW","session_key":"${SK16}","unionid":"uW"}`, expect: { result: { openId: 'oW', sessionKey: SK16, unionId: 'uW' } } },
  { platform: 'wechat', name: 'busy', body: '{"errcode":-1,"errmsg":"system error"}', expect: api('wechat', -1, 'system error', true) },
];

// ---- Baidu open data ----------------------------------------------------------------------------
const APP_KEY = '4fecoAqgCIUtzIyA4FAPgoyrc4oUc25c';
const BKEY = bytes('wx-open-data platform vectors baidu key', 24);
const BIV = bytes('wx-open-data platform vectors baidu iv', 16);
function baiduPlain(data, { appKey = APP_KEY, len } = {}) {
  const body = Buffer.from(data, 'utf8');
  const n = Buffer.alloc(4);
  n.writeUInt32BE(len ?? body.length);
  return Buffer.concat([randomBytes(16), n, body, Buffer.from(appKey, 'utf8')]);
}
// PKCS#7 to a 32-byte block by hand (`pad` overrides the value; `corrupt` changes one pad byte).
function pad32(buf, { pad, corrupt } = {}) {
  const p = pad ?? 32 - (buf.length % 32);
  const out = Buffer.concat([buf, Buffer.alloc(p, p)]);
  if (corrupt) out[out.length - 2] ^= 1;
  return out;
}
function aes192(plain, key = BKEY, iv = BIV) {
  const c = createCipheriv('aes-192-cbc', key, iv);
  c.setAutoPadding(false);
  return b64(Buffer.concat([c.update(plain), c.final()]));
}
const baiduInput = (encryptedData, over = {}) => ({ appKey: APP_KEY, sessionKey: b64(BKEY), iv: b64(BIV), encryptedData, ...over });
const baidu = [];
const bOk = (name, data, over) => baidu.push({ name, input: baiduInput(aes192(pad32(baiduPlain(data))), over), expect: { plaintext: data } });
const bFail = (name, input, code, field) => baidu.push({ name, input, expect: { code, field } });
const profile = '{"openid":"k6fSxxQyYsOXeFZdx4Zm1wAt","nickname":"百度用户😀","headimgurl":"https://himg.bdimg.com/sys/portrait/item/x.jpg","sex":1}';
bOk('user info (pad computed to a 32-byte block)', profile);
for (const extra of ['', 'a', 'ab', 'abcdefghijklmno', 'abcdefghijklmnop', 'abcdefghijklmnopqrstuvwxyz01234']) {
  const data = `{"openid":"x","f":"${extra}"}`;
  const total = 20 + Buffer.byteLength(data) + APP_KEY.length;
  bOk(`padding of ${32 - (total % 32)} bytes`, data);
}
{
  // The IV only touches the first block, the discarded random prefix: another IV still decrypts.
  const ct = aes192(pad32(baiduPlain(profile)));
  baidu.push({ name: 'a wrong iv still decrypts (the IV only changes the random prefix)', input: baiduInput(ct, { iv: b64(bytes('another iv', 16)) }), expect: { plaintext: profile } });
  bFail('another App Key: the tail differs', baiduInput(ct, { appKey: 'anotherAppKey0000000000000000000' }), 'ERR_DECRYPT_FAILED', 'encryptedData');
  bFail('an App Key one character shorter', baiduInput(ct, { appKey: APP_KEY.slice(0, -1) }), 'ERR_DECRYPT_FAILED', 'encryptedData');
  bFail('another session_key', baiduInput(ct, { sessionKey: b64(bytes('another key', 24)) }), 'ERR_DECRYPT_FAILED', 'encryptedData');
  bFail('a 16-byte session_key (WeChat-sized)', baiduInput(ct, { sessionKey: b64(KEY16) }), 'ERR_INVALID_SESSION_KEY', 'sessionKey');
  bFail('a 12-byte iv', baiduInput(ct, { iv: b64(bytes('iv', 12)) }), 'ERR_INVALID_IV', 'iv');
  bFail('encryptedData cut to 40 bytes', baiduInput(b64(Buffer.from(ct, 'base64').subarray(0, 40))), 'ERR_INVALID_CIPHERTEXT', 'encryptedData');
  bFail('a + turned into a space', baiduInput(`${ct.slice(0, 4)} ${ct.slice(5)}`), 'ERR_INVALID_BASE64', 'encryptedData');
  bFail('no appKey', { ...baiduInput(ct), appKey: '' }, 'ERR_INVALID_ARGUMENT', 'appKey');
}
bFail('padding value 33', baiduInput(aes192(pad32(baiduPlain(profile).subarray(0, 31), { pad: 33 }))), 'ERR_DECRYPT_FAILED', 'encryptedData');
bFail('one pad byte wrong', baiduInput(aes192(pad32(baiduPlain(profile), { corrupt: true }))), 'ERR_DECRYPT_FAILED', 'encryptedData');
bFail('padding value 0', baiduInput(aes192(Buffer.concat([baiduPlain('{}'), Buffer.alloc(32 - ((20 + 2 + APP_KEY.length) % 32), 0)]))), 'ERR_DECRYPT_FAILED', 'encryptedData');
bFail('length field one too large', baiduInput(aes192(pad32(baiduPlain(profile, { len: Buffer.byteLength(profile) + 1 })))), 'ERR_DECRYPT_FAILED', 'encryptedData');
bFail('length field 2^32-1', baiduInput(aes192(pad32(baiduPlain(profile, { len: 0xffffffff })))), 'ERR_DECRYPT_FAILED', 'encryptedData');
bFail('data is not JSON', baiduInput(aes192(pad32(baiduPlain('not json')))), 'ERR_DECRYPT_FAILED', 'encryptedData');
bFail('data is a JSON array', baiduInput(aes192(pad32(baiduPlain('[1]')))), 'ERR_DECRYPT_FAILED', 'encryptedData');
bFail('data is not UTF-8', baiduInput(aes192(pad32(Buffer.concat([randomBytes(16), Buffer.from([0, 0, 0, 5]), Buffer.from('{"\xff"}', 'latin1'), Buffer.from(APP_KEY)])))), 'ERR_DECRYPT_FAILED', 'encryptedData');
bFail('shorter than the 20-byte header', baiduInput(aes192(pad32(randomBytes(8)))), 'ERR_DECRYPT_FAILED', 'encryptedData');
bFail('empty encryptedData', baiduInput(''), 'ERR_INVALID_ARGUMENT', 'encryptedData');

// ---- Alipay phone number ------------------------------------------------------------------------
const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PEM = publicKey.export({ type: 'spki', format: 'pem' });
const BARE = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
const { publicKey: otherPublic } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const OTHER = otherPublic.export({ type: 'spki', format: 'der' }).toString('base64');
const AKEY = bytes('wx-open-data platform vectors alipay key', 16);
function alipayResponse(json) {
  const c = createCipheriv('aes-128-cbc', AKEY, Buffer.alloc(16));
  return b64(Buffer.concat([c.update(Buffer.from(json, 'utf8')), c.final()]));
}
const rsa2 = (text) => sign('sha256', Buffer.from(text, 'utf8'), privateKey).toString('base64');
const alipay = [];
const okJson = '{"code":"10000","msg":"Success","mobile":"13800138000"}';
const okResponse = alipayResponse(okJson);
const okSign = rsa2(`"${okResponse}"`);
const aInput = (over = {}) => ({ aesKey: b64(AKEY), alipayPublicKey: BARE, response: okResponse, sign: okSign, ...over });
alipay.push({ name: 'bare base64 public key (as the console shows it)', input: aInput(), expect: { result: JSON.parse(okJson) } });
alipay.push({ name: 'PEM public key', input: aInput({ alipayPublicKey: PEM }), expect: { result: JSON.parse(okJson) } });
alipay.push({ name: 'PEM public key with CRLF line ends', input: aInput({ alipayPublicKey: PEM.replace(/\n/g, '\r\n') }), expect: { result: JSON.parse(okJson) } });
alipay.push({ name: 'the whole my.getPhoneNumber response text', input: { aesKey: b64(AKEY), alipayPublicKey: BARE, response: JSON.stringify({ response: okResponse, sign: okSign, sign_type: 'RSA2', encrypt_type: 'AES', charset: 'UTF-8' }) }, expect: { result: JSON.parse(okJson) } });
alipay.push({ name: 'unsigned, explicitly allowed', input: { aesKey: b64(AKEY), response: okResponse, allowUnsigned: true }, expect: { result: JSON.parse(okJson) } });
alipay.push({ name: 'unsigned without allowUnsigned', input: { aesKey: b64(AKEY), alipayPublicKey: BARE, response: okResponse }, expect: { code: 'ERR_INVALID_ARGUMENT', field: 'sign' } });
alipay.push({ name: 'signed without the quotes', input: aInput({ sign: rsa2(okResponse) }), expect: { code: 'ERR_SIGNATURE_MISMATCH', field: 'sign' } });
alipay.push({ name: 'another public key', input: aInput({ alipayPublicKey: OTHER }), expect: { code: 'ERR_SIGNATURE_MISMATCH', field: 'sign' } });
alipay.push({ name: 'a signed response changed in transit', input: aInput({ response: alipayResponse('{"code":"10000","msg":"Success","mobile":"13900139000"}') }), expect: { code: 'ERR_SIGNATURE_MISMATCH', field: 'sign' } });
alipay.push({ name: 'a public key that is not base64', input: aInput({ alipayPublicKey: 'not a key' }), expect: { code: 'ERR_INVALID_ARGUMENT', field: 'alipayPublicKey' } });
alipay.push({ name: 'a PKCS#1 RSA PUBLIC KEY block', input: aInput({ alipayPublicKey: '-----BEGIN RSA PUBLIC KEY-----\nMIIBCgKCAQEA\n-----END RSA PUBLIC KEY-----' }), expect: { code: 'ERR_INVALID_ARGUMENT', field: 'alipayPublicKey' } });
alipay.push({ name: 'a sign that is not base64', input: aInput({ sign: 'abc$' }), expect: { code: 'ERR_INVALID_BASE64', field: 'sign' } });
alipay.push({ name: 'another AES key (signature fine)', input: aInput({ aesKey: b64(bytes('another alipay key', 16)) }), expect: { code: 'ERR_DECRYPT_FAILED', field: 'response' } });
alipay.push({ name: 'an AES key of 32 bytes', input: aInput({ aesKey: b64(bytes('k', 32)) }), expect: { code: 'ERR_INVALID_AES_KEY', field: 'aesKey' } });
{
  const errJson = '{"code":"40003","msg":"Insufficient Conditions","sub_code":"isv.invalid-auth-relations","sub_msg":"无效的授权关系"}';
  const r = alipayResponse(errJson);
  alipay.push({ name: 'a non-10000 code', input: aInput({ response: r, sign: rsa2(`"${r}"`) }), expect: { code: 'ERR_ALIPAY_API', errcode: '40003', errmsg: 'Insufficient Conditions', subCode: 'isv.invalid-auth-relations', subMsg: '无效的授权关系' } });
  const notJson = alipayResponse('mobile=13800138000');
  alipay.push({ name: 'plaintext that is not JSON', input: aInput({ response: notJson, sign: rsa2(`"${notJson}"`) }), expect: { code: 'ERR_DECRYPT_FAILED', field: 'response' } });
}

const out = {
  generatedBy: 'scripts/gen-platform-vectors.mjs',
  now: NOW,
  openData,
  signatures,
  rawDataSignatures,
  requests,
  builders,
  responses,
  baidu,
  alipay,
  secrets: [SK16, SK24, b64(AKEY)],
};
writeFileSync(new URL('../tests/vectors/platforms.json', import.meta.url), `${JSON.stringify(out, null, 1)}\n`);
console.log(`tests/vectors/platforms.json: ${openData.length} open data, ${requests.length} requests, ${builders.length} builders, ${responses.length} responses, ${baidu.length} Baidu, ${alipay.length} Alipay`);

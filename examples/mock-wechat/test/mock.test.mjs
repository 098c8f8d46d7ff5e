// The mock WeChat behaves like WeChat: error bodies, single-use and expiring codes, key rotation,
// rate limit, token checks, signatures. Its answers are parsed with the library's own parsers, so a
// body shape the library would not accept from the real WeChat fails here too.
import test from 'node:test';
import assert from 'node:assert/strict';
import {
  checkSessionUrl,
  code2SessionUrl,
  decryptPhoneNumber,
  decryptUserInfo,
  decryptWeRunData,
  encryptedMsgHash,
  parseAccessTokenResponse,
  parseCode2SessionResponse,
  parsePhoneNumberResponse,
  verifyRawDataSignature,
} from 'wx-open-data';
import { createMockWeChat, DEMO_APPS } from '../mock-wechat.mjs';

const APPID = 'wx0a1b2c3d4e5f6a7b';
const OTHER = 'wx9f8e7d6c5b4a3f2e';
const SECRET = DEMO_APPS[APPID].secret;

function setup(options = {}) {
  let clock = 1_800_000_000;
  const mock = createMockWeChat({ now: () => clock, ...options });
  const req = (method, url, body) => {
    const r = mock.handle(method, url.replace('https://api.weixin.qq.com', ''), body === undefined ? '' : JSON.stringify(body));
    return r.body;
  };
  const sim = (api, body) => req('POST', `/__mock/${api}`, body);
  const code2session = (code, appId = APPID, secret = SECRET) => req('GET', code2SessionUrl({ appId, secret, code }));
  const token = () => parseAccessTokenResponse(req('GET', `/cgi-bin/token?grant_type=client_credential&appid=${APPID}&secret=${SECRET}`)).accessToken;
  return { mock, req, sim, code2session, token, tick: (s) => (clock += s), now: () => clock };
}

const errcode = (body) => body.errcode;

test('jscode2session: a code works once (40163), expires after 5 minutes (40029), belongs to one appid (40029)', () => {
  const { sim, code2session, tick } = setup();
  const { code } = sim('wx.login', { appid: APPID, user: 'alice' });
  const first = parseCode2SessionResponse(code2session(code));
  assert.match(first.openId, /^o[\w-]{27}$/);
  assert.equal(Buffer.from(first.sessionKey, 'base64').length, 16);
  assert.ok(first.unionId);
  assert.equal(errcode(code2session(code)), 40163);
  assert.match(code2session(code).errmsg, /^code been used, rid: /);

  const late = sim('wx.login', { appid: APPID, user: 'alice' }).code;
  tick(301);
  assert.equal(errcode(code2session(late)), 40029);

  const foreign = sim('wx.login', { appid: OTHER, user: 'alice' }).code;
  assert.equal(errcode(code2session(foreign)), 40029);
  assert.equal(errcode(code2session('not-a-code')), 40029);
  // bob has no unionid (not bound to an Open Platform account): the field is absent, not null.
  const bob = code2session(sim('wx.login', { appid: APPID, user: 'bob' }).code);
  assert.equal('unionid' in bob, false);
});

test('jscode2session: configuration and missing-parameter errors', () => {
  const { sim, req, code2session } = setup();
  const { code } = sim('wx.login', { appid: APPID, user: 'alice' });
  assert.equal(errcode(code2session(code, APPID, 'wrong-secret')), 40125);
  assert.equal(errcode(code2session(code, 'wx00000000000000ff', SECRET)), 40013);
  assert.equal(errcode(req('GET', `/sns/jscode2session?appid=${APPID}&secret=${SECRET}&grant_type=authorization_code`)), 41008);
  assert.equal(errcode(req('GET', `/sns/jscode2session?secret=${SECRET}&js_code=${code}`)), 41002);
  // the code survived the failed attempts
  assert.ok(parseCode2SessionResponse(code2session(code)).sessionKey);
});

test('a new wx.login rotates the session_key unless told not to; a flagged user gets 40226', () => {
  const { sim, code2session } = setup();
  const k1 = parseCode2SessionResponse(code2session(sim('wx.login', { appid: APPID, user: 'alice' }).code)).sessionKey;
  const k2 = parseCode2SessionResponse(code2session(sim('wx.login', { appid: APPID, user: 'alice' }).code)).sessionKey;
  const k3 = parseCode2SessionResponse(code2session(sim('wx.login', { appid: APPID, user: 'alice', rotate: false }).code)).sessionKey;
  assert.notEqual(k1, k2);
  assert.equal(k2, k3);
  const flagged = code2session(sim('wx.login', { appid: APPID, user: 'mallory' }).code);
  assert.equal(errcode(flagged), 40226);
});

test('45011 after a burst, per user and minute; -1 when asked', () => {
  const { sim, code2session, tick } = setup({ rateLimitPerMinute: 3 });
  const login = (user = 'bob') => code2session(sim('wx.login', { appid: APPID, user }).code);
  for (let i = 0; i < 3; i++) assert.equal(errcode(login()), undefined);
  assert.equal(errcode(login()), 45011);
  assert.equal(errcode(login('alice')), undefined, 'another user is not limited');
  tick(61);
  assert.equal(errcode(login()), undefined, 'the next minute works again');
  sim('fail-next', { path: '/sns/jscode2session', errcode: -1 });
  assert.deepEqual([errcode(login()), errcode(login())], [-1, undefined]);
});

test('client side: getUserInfo, phone (code + legacy), WeRun decrypt with the library and match the user', () => {
  const { sim, req, code2session, token, now } = setup();
  const { openId, sessionKey } = parseCode2SessionResponse(code2session(sim('wx.login', { appid: APPID, user: 'alice' }).code));
  const opts = { now: now(), maxAgeSeconds: 60 };

  const info = sim('wx.getUserInfo', { appid: APPID, user: 'alice' });
  assert.equal(verifyRawDataSignature({ rawData: info.rawData, signature: info.signature, sessionKey }), true);
  const user = decryptUserInfo({ appId: APPID, sessionKey, encryptedData: info.encryptedData, iv: info.iv }, { ...opts, openId });
  assert.equal(user.nickName, 'Alice 🐼');
  assert.deepEqual(JSON.parse(info.rawData), info.userInfo);

  const button = sim('getPhoneNumber', { appid: APPID, user: 'alice' });
  assert.equal(decryptPhoneNumber({ appId: APPID, sessionKey, encryptedData: button.encryptedData, iv: button.iv }, opts).purePhoneNumber, '13800138000');
  const at = token();
  const phone = parsePhoneNumberResponse(req('POST', `/wxa/business/getuserphonenumber?access_token=${at}`, { code: button.code }), { appId: APPID, now: now() });
  assert.equal(phone.phoneNumber, '13800138000');
  assert.equal(errcode(req('POST', `/wxa/business/getuserphonenumber?access_token=${at}`, { code: button.code })), 40029, 'phone codes are single-use');
  assert.equal(errcode(req('POST', '/wxa/business/getuserphonenumber?access_token=bogus', { code: 'x' })), 40001);
  assert.equal(sim('getPhoneNumber', { appid: APPID, user: 'alice', deny: true }).errMsg, 'getPhoneNumber:fail user deny');

  const run = sim('wx.getWeRunData', { appid: APPID, user: 'alice' });
  assert.equal(decryptWeRunData({ appId: APPID, sessionKey, encryptedData: run.encryptedData, iv: run.iv }, opts).stepInfoList.length, 31);

  // checkencryptedmsg knows what it produced
  const check = (encryptedData) =>
    req('POST', `/wxa/business/checkencryptedmsg?access_token=${at}`, { encrypted_msg_hash: encryptedMsgHash(encryptedData) });
  assert.equal(check(run.encryptedData).vaild, true);
  assert.equal(check(Buffer.alloc(32, 7).toString('base64')).vaild, false);
});

test('checksession verifies the HMAC with the current session_key (87009 once rotated); tokens', () => {
  const { sim, req, code2session, token, tick } = setup();
  const { openId, sessionKey } = parseCode2SessionResponse(code2session(sim('wx.login', { appid: APPID, user: 'alice' }).code));
  const at = token();
  assert.deepEqual(req('GET', checkSessionUrl({ accessToken: at, openId, sessionKey })), { errcode: 0, errmsg: 'ok' });
  sim('wx.login', { appid: APPID, user: 'alice' }); // rotates
  assert.equal(errcode(req('GET', checkSessionUrl({ accessToken: at, openId, sessionKey }))), 87009);

  const stable = (force) => req('POST', '/cgi-bin/stable_token', { grant_type: 'client_credential', appid: APPID, secret: SECRET, force_refresh: force });
  const s1 = parseAccessTokenResponse(stable(false));
  assert.equal(parseAccessTokenResponse(stable(false)).accessToken, s1.accessToken, 'stable_token returns the same token');
  assert.notEqual(parseAccessTokenResponse(stable(true)).accessToken, s1.accessToken);
  assert.equal(errcode(req('POST', '/cgi-bin/stable_token', { grant_type: 'client_credential', appid: APPID, secret: 'x' })), 40125);
  tick(7201);
  assert.equal(errcode(req('GET', checkSessionUrl({ accessToken: at, openId, sessionKey }))), 42001);
});

test('a new access_token leaves the previous one usable for 5 minutes, then 40001; expired ones 42001', () => {
  const { sim, req, code2session, tick } = setup();
  const { openId, sessionKey } = parseCode2SessionResponse(code2session(sim('wx.login', { appid: APPID, user: 'alice', rotate: false }).code));
  const stable = (force) =>
    parseAccessTokenResponse(req('POST', '/cgi-bin/stable_token', { grant_type: 'client_credential', appid: APPID, secret: SECRET, force_refresh: force })).accessToken;
  const check = (at) => req('GET', checkSessionUrl({ accessToken: at, openId, sessionKey })).errcode;
  const old = stable(false);
  const fresh = stable(true);
  assert.notEqual(fresh, old);
  assert.equal(stable(false), fresh, 'normal mode hands out the new token');
  tick(299);
  assert.equal(check(old), 0, 'the previous token still works within 5 minutes');
  tick(2);
  assert.equal(check(old), 40001);
  assert.equal(check(fresh), 0);
  tick(7200);
  assert.equal(check(fresh), 42001);
});

test('fail-next can force an HTTP error page (a gateway in front of WeChat)', async () => {
  const { mock, sim } = setup();
  sim('fail-next', { path: '/cgi-bin/stable_token', status: 502 });
  const url = await mock.listen(0);
  try {
    const post = () => fetch(`${url}/cgi-bin/stable_token`, { method: 'POST', body: JSON.stringify({ grant_type: 'client_credential', appid: APPID, secret: SECRET }) });
    const res = await post();
    assert.equal(res.status, 502);
    assert.match(res.headers.get('content-type'), /^text\/html/);
    assert.match(await res.text(), /<html>/);
    const again = await post();
    assert.equal(again.status, 200, 'only the next call fails');
    assert.equal(typeof (await again.json()).access_token, 'string');
  } finally {
    await mock.close();
  }
});

test('over HTTP on 127.0.0.1', async () => {
  const { mock } = setup();
  const url = await mock.listen(0);
  try {
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${url}/sns/jscode2session?appid=${APPID}&secret=${SECRET}&js_code=nope&grant_type=authorization_code`);
    assert.equal(res.status, 200);
    assert.equal((await res.json()).errcode, 40029);
  } finally {
    await mock.close();
  }
});

test('other platforms: each login dialect, read by the library with { platform }, codes work once', async () => {
  const { code2SessionRequest } = await import('wx-open-data');
  const { PLATFORM_APPS } = await import('../platforms.mjs');
  const { mock, sim } = setup();
  const base = 'http://mock';
  for (const [platform, app] of Object.entries(PLATFORM_APPS)) {
    const login = sim(`${platform}/login`, { user: 'alice' });
    assert.equal(login.errMsg, 'login:ok');
    const config = platform === 'wecom' ? { accessToken: app.accessToken } : { appId: app.appId, secret: app.secret };
    const r = code2SessionRequest({ platform, ...config, code: login.code, anonymousCode: login.anonymousCode, baseUrl: `${base}/${platform}` });
    const send = () => mock.handle(r.method, r.url.slice(base.length), r.body ?? '').body;
    const s = parseCode2SessionResponse(send(), { platform });
    assert.ok(s.openId, platform);
    assert.equal(Buffer.from(s.sessionKey, 'base64').length, platform === 'baidu' ? 24 : 16, platform);
    if (platform === 'douyin') assert.ok(s.anonymousOpenId);
    if (platform === 'wecom') assert.deepEqual([s.corpId, s.userId], [app.corpId, 'alice']);
    assert.throws(() => parseCode2SessionResponse(send(), { platform }), (e) => e.code === 'ERR_WX_API' && e.platform === platform);
  }
  assert.equal(mock.platformSessionKeys().length, 5);
});

// User-lifecycle push events (parseUserLifecycleEvent of wx-open-data/push) in the runtime-agnostic
// suite: real safe-mode pushes (encrypted with encryptPushReply's framing, which is the inbound one),
// opened by openPushRequest in JSON and XML, then typed.
import { assert } from './suite.mjs';

const TOKEN = 'lifecycle-token';
const KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const APPID = 'wx4f4bc4dec97d474b';

export function cases(lib) {
  const list = [];
  const test = (name, fn) => list.push({ name: `lifecycle: ${name}`, fn });
  const { encryptPushReply, openPushRequest, parseUserLifecycleEvent, REVOKE_INFO_NAMES } = lib;

  /** Send `message` (JSON text or XML) through a real safe-mode push and return openPushRequest's result. */
  const push = (message, format) => {
    const r = encryptPushReply({ token: TOKEN, encodingAESKey: KEY, appId: APPID, message, timestamp: 1780000000, nonce: '12345' });
    const query = { timestamp: String(r.TimeStamp), nonce: r.Nonce, msg_signature: r.MsgSignature };
    const body = format === 'xml' ? `<xml><ToUserName><![CDATA[gh_1]]></ToUserName><Encrypt><![CDATA[${r.Encrypt}]]></Encrypt></xml>` : JSON.stringify({ Encrypt: r.Encrypt });
    return openPushRequest({ token: TOKEN, encodingAESKey: KEY, appId: APPID, query, body });
  };
  const envelope = { ToUserName: 'gh_97417a04a28d', FromUserName: 'o9AgO5Kd5ggOC-bXrbNODIiE3bGY', CreateTime: 1780000000, MsgType: 'event' };

  test('user_authorization_revoke (JSON): RevokeInfo numbers named, unknown numbers kept, order kept', () => {
    const res = push(JSON.stringify({ ...envelope, Event: 'user_authorization_revoke', RevokeInfo: '8,1,999', OpenPID: 'p1', PluginID: 'wxplugin' }));
    const e = parseUserLifecycleEvent(res);
    assert.equal(e.type, 'user_authorization_revoke');
    assert.equal(e.openId, envelope.FromUserName);
    assert.equal(e.createTime, 1780000000);
    assert.equal(e.pluginId, 'wxplugin');
    assert.equal(e.openPid, 'p1');
    assert.deepEqual(e.revoked, [{ id: 8, name: 'phone_number' }, { id: 1, name: 'vehicle_plate' }, { id: 999, name: undefined }]);
    assert.equal(e.message, res.message);
    // The message object itself works too, and a numeric or list RevokeInfo.
    assert.deepEqual(parseUserLifecycleEvent({ ...res.message, RevokeInfo: 6 }).revoked, [{ id: 6, name: REVOKE_INFO_NAMES[6] }]);
    assert.deepEqual(parseUserLifecycleEvent({ ...res.message, RevokeInfo: [19, '20'] }).revoked.map((r) => r.id), [19, 20]);
    // WeChat's whole table is named; the gaps in it (9-11, 17) are kept with their id only.
    assert.deepEqual(parseUserLifecycleEvent({ ...res.message, RevokeInfo: '2,3,12,13,16,18,19,20,17' }).revoked.map((r) => r.name),
      ['address', 'invoice', 'werun_steps', 'location', 'email', 'chosen_location', 'nickname_fill_in', 'avatar_fill_in', undefined]);
    assert.equal(Object.keys(REVOKE_INFO_NAMES).length, 16);
  });

  test('user_authorization_revoke (XML): text fields, repeated RevokeInfo elements and a comma list', () => {
    const xml = (info) => `<xml><ToUserName><![CDATA[gh_97417a04a28d]]></ToUserName><FromUserName><![CDATA[oX]]></FromUserName>` +
      `<CreateTime>1780000001</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[user_authorization_revoke]]></Event>${info}</xml>`;
    const a = parseUserLifecycleEvent(push(xml('<RevokeInfo>1</RevokeInfo><RevokeInfo>6</RevokeInfo>'), 'xml'));
    assert.equal(a.type, 'user_authorization_revoke');
    assert.equal(a.createTime, 1780000001);
    assert.equal(a.openId, 'oX');
    assert.deepEqual(a.revoked, [{ id: 1, name: 'vehicle_plate' }, { id: 6, name: 'nickname_avatar' }]);
    const b = parseUserLifecycleEvent(push(xml('<RevokeInfo><![CDATA[8, 20]]></RevokeInfo>'), 'xml'));
    assert.deepEqual(b.revoked.map((r) => r.name), ['phone_number', 'avatar_fill_in']);
  });

  test('user_authorization_cancellation, user_info_modified, wxa_punish_event are typed; other events pass through', () => {
    for (const ev of ['user_authorization_cancellation', 'user_info_modified', 'wxa_punish_event']) {
      const e = parseUserLifecycleEvent(push(JSON.stringify({ ...envelope, Event: ev })));
      assert.equal(e.type, ev);
      assert.equal(e.event, ev);
      assert.equal(e.openId, envelope.FromUserName);
      assert.equal(e.revoked, undefined);
    }
    const res = push(JSON.stringify({ ...envelope, Event: 'debug_demo', debug_str: 'hello' }));
    const e = parseUserLifecycleEvent(res);
    assert.equal(e.type, 'other');
    assert.equal(e.event, 'debug_demo');
    assert.equal(e.message.debug_str, 'hello');
    // openPushRequest's own result is unchanged by the typed view.
    assert.deepEqual(Object.keys(res).sort(), ['appId', 'format', 'keyIndex', 'kind', 'message', 'text']);
  });

  test('parseUserLifecycleEvent refuses what is not a message object', () => {
    for (const bad of [undefined, null, 'x', 5, []]) {
      assert.throwsCode(() => parseUserLifecycleEvent(bad), 'ERR_INVALID_ARGUMENT', 'message');
    }
  });
  return list;
}

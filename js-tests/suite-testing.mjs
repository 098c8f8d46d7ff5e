// `wx-open-data/testing` push-request builders for the runtime-agnostic suite: merged into cases() by
// js-tests/suite.mjs when the runner passes modules.testing. What the builders produce must be what
// the push module accepts (round trips through openPushRequest), and the official vector pins the
// encryption to WeChat's. Only ECMAScript, Web APIs and the library here.
//
// cases(lib, testing, vectors) -> Array<{ name: string, fn: () => void | Promise<void> }>

import { assert } from './suite.mjs';

// The 16 bytes that start the official sample push's plaintext (its first AES block).
const OFFICIAL_RANDOM = 'a8eedb185eb2fecf';

export function cases(lib, testing, vectors) {
  const list = [];
  const test = (name, fn) => list.push({ name: `testing: ${name}`, fn });
  const { buildPushRequest, buildPushVerifyRequest } = testing;
  const { openPushRequest, verifyPushSignature, decryptPushMessage } = lib;
  const O = vectors.push.official;
  const config = { token: O.token, encodingAESKey: O.encodingAESKey, appId: O.appId };
  const message = JSON.parse(O.inbound.message);

  test('buildPushRequest reproduces the official sample push (Encrypt, msg_signature, body)', () => {
    const req = buildPushRequest({
      ...config,
      message: O.inbound.message,
      toUserName: message.ToUserName,
      timestamp: O.inbound.timestamp,
      nonce: Number(O.inbound.nonce),
      random: OFFICIAL_RANDOM,
      url: 'https://example.com/wx/push',
    });
    assert.equal(req.encrypt, O.inbound.encrypt);
    assert.equal(req.query.msg_signature, O.inbound.msgSignature);
    assert.equal(req.body, JSON.stringify({ ToUserName: message.ToUserName, Encrypt: O.inbound.encrypt }));
    assert.deepEqual(Object.keys(req.query), ['signature', 'timestamp', 'nonce', 'encrypt_type', 'msg_signature']);
    assert.deepEqual(
      { ...req.query, signature: undefined },
      { signature: undefined, timestamp: O.inbound.timestamp, nonce: O.inbound.nonce, encrypt_type: 'aes', msg_signature: O.inbound.msgSignature },
    );
    assert.ok(verifyPushSignature({ token: O.token, timestamp: req.query.timestamp, nonce: req.query.nonce, signature: req.query.signature }));
    assert.equal(req.method, 'POST');
    assert.equal(req.url, `https://example.com/wx/push?${new URLSearchParams(req.query)}`);
    assert.deepEqual(req.headers, { 'content-type': 'application/json' });
    assert.equal(req.contentType, 'application/json');
    assert.equal(req.format, 'json');
  });

  test('buildPushRequest (JSON, object message) round-trips through openPushRequest by query object and by URL', () => {
    const msg = { ToUserName: 'gh_0123456789ab', FromUserName: 'o-user', CreateTime: 1714112445, MsgType: 'event', Event: 'subscribe_msg_popup_event', List: [{ TemplateId: 't1', SubscribeStatusString: 'accept' }] };
    const req = buildPushRequest({ ...config, message: msg, url: '/push' });
    assert.equal(JSON.parse(req.body).ToUserName, 'gh_0123456789ab');
    for (const query of [req.query, req.url, new URLSearchParams(req.url.slice(req.url.indexOf('?')))]) {
      const out = openPushRequest({ ...config, appId: ['wxother', O.appId], query, body: req.body });
      assert.equal(out.kind, 'message');
      assert.equal(out.format, 'json');
      assert.equal(out.appId, O.appId);
      assert.equal(out.keyIndex, 0);
      assert.deepEqual(out.message, msg);
      assert.equal(out.text, JSON.stringify(msg));
    }
    assert.equal(decryptPushMessage({ ...config, timestamp: req.query.timestamp, nonce: req.query.nonce, msgSignature: req.query.msg_signature, encrypt: req.encrypt }), JSON.stringify(msg));
  });

  test('buildPushRequest (XML, object message) writes WeChat XML inside and out; openPushRequest reads it back', () => {
    const req = buildPushRequest({ ...config, message, format: 'xml', timestamp: 1714112445, nonce: '415670741', random: OFFICIAL_RANDOM });
    assert.equal(req.body, `<xml><ToUserName><![CDATA[${message.ToUserName}]]></ToUserName><Encrypt><![CDATA[${req.encrypt}]]></Encrypt></xml>`);
    assert.deepEqual(req.headers, { 'content-type': 'text/xml' });
    assert.equal(req.format, 'xml');
    const out = openPushRequest({ ...config, query: req.query, body: new TextEncoder().encode(req.body) });
    assert.equal(out.format, 'xml');
    assert.equal(
      out.text,
      '<xml><ToUserName><![CDATA[gh_97417a04a28d]]></ToUserName><FromUserName><![CDATA[o9AgO5Kd5ggOC-bXrbNODIiE3bGY]]></FromUserName>' +
        '<CreateTime>1714112445</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[debug_demo]]></Event>' +
        '<debug_str><![CDATA[hello world]]></debug_str></xml>',
    );
    // XML has no number type: every leaf comes back as its text.
    assert.deepEqual(out.message, { ...message, CreateTime: '1714112445' });
    const nested = buildPushRequest({ ...config, format: 'xml', message: { A: { B: true, C: [1, 2] }, S: 'x]]>y <&>' } });
    assert.deepEqual(openPushRequest({ ...config, query: nested.query, body: nested.body }).message, { A: { B: 'true', C: ['1', '2'] }, S: 'x]]>y <&>' });
  });

  test('buildPushRequest: a string message is encrypted as given (also for negative tests)', () => {
    const xml = '<xml><ToUserName><![CDATA[gh_x]]></ToUserName><Event><![CDATA[e]]></Event></xml>';
    const req = buildPushRequest({ ...config, message: xml, format: 'xml', toUserName: 'gh_x' });
    const out = openPushRequest({ ...config, query: req.query, body: req.body });
    assert.equal(out.text, xml);
    assert.ok(!buildPushRequest({ ...config, message: xml, format: 'xml' }).body.includes('ToUserName'), 'no ToUserName without one');
    const bad = buildPushRequest({ ...config, message: 'not a message' });
    assert.throwsCode(() => openPushRequest({ ...config, query: bad.query, body: bad.body }), 'ERR_DECRYPT_FAILED', 'body');
  });

  test('buildPushRequest: defaults are fresh (now, 10-digit nonce, random prefix); contentType and url are honoured', () => {
    const a = buildPushRequest({ ...config, message: { a: 1 } });
    const b = buildPushRequest({ ...config, message: { a: 1 } });
    assert.ok(/^\d{10}$/.test(a.query.nonce), `nonce ${a.query.nonce}`);
    assert.ok(Math.abs(Number(a.query.timestamp) - Date.now() / 1000) < 60, 'timestamp is now');
    assert.ok(a.encrypt !== b.encrypt, 'two encryptions with random prefixes are equal');
    assert.ok(a.url.startsWith('?signature='), a.url);
    const c = buildPushRequest({ ...config, message: { a: 1 }, format: 'xml', contentType: 'application/xml; charset=utf-8', url: 'http://h/p?x=1', nonce: 'a b&c' });
    assert.equal(c.headers['content-type'], 'application/xml; charset=utf-8');
    assert.equal(c.contentType, 'application/xml; charset=utf-8');
    assert.ok(c.url.startsWith('http://h/p?x=1&signature='), c.url);
    assert.equal(new URL(c.url).searchParams.get('nonce'), 'a b&c');
    assert.equal(openPushRequest({ ...config, query: c.url, body: c.body }).message.a, '1');
  });

  test('buildPushRequest: a key list encrypts with its first key; openPushRequest reports which key matched', () => {
    const previous = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
    const req = buildPushRequest({ ...config, encodingAESKey: [previous, O.encodingAESKey], message: { a: 1 } });
    const out = openPushRequest({ ...config, encodingAESKey: [O.encodingAESKey, previous], query: req.query, body: req.body });
    assert.equal(out.keyIndex, 1);
    assert.throwsCode(() => openPushRequest({ ...config, query: req.query, body: req.body }), 'ERR_DECRYPT_FAILED');
  });

  test('a tampered or foreign request is refused by openPushRequest', () => {
    const req = buildPushRequest({ ...config, message: { a: 1 } });
    const flip = (s) => s.slice(0, -1) + (s.endsWith('0') ? '1' : '0');
    assert.throwsCode(() => openPushRequest({ ...config, query: { ...req.query, msg_signature: flip(req.query.msg_signature) }, body: req.body }), 'ERR_SIGNATURE_MISMATCH', 'msg_signature');
    assert.throwsCode(() => openPushRequest({ ...config, token: 'other', query: req.query, body: req.body }), 'ERR_SIGNATURE_MISMATCH');
    assert.throwsCode(() => openPushRequest({ ...config, appId: 'wxother', query: req.query, body: req.body }), 'ERR_APPID_MISMATCH');
  });

  test('buildPushVerifyRequest: the URL check openPushRequest and verifyPushSignature accept', () => {
    const v = buildPushVerifyRequest({ token: O.token, timestamp: O.urlCheck.timestamp, nonce: O.urlCheck.nonce, echostr: O.urlCheck.echostr, url: '/push' });
    assert.deepEqual(v.query, { signature: O.urlCheck.signature, timestamp: O.urlCheck.timestamp, nonce: O.urlCheck.nonce, echostr: O.urlCheck.echostr });
    assert.equal(v.method, 'GET');
    assert.equal(v.url, `/push?${new URLSearchParams(v.query)}`);
    assert.deepEqual(openPushRequest({ ...config, query: v.url }), { kind: 'verify', echostr: O.urlCheck.echostr });
    const r = buildPushVerifyRequest({ token: O.token });
    assert.ok(/^\d{10}$/.test(r.echostr) && r.query.echostr === r.echostr, r.echostr);
    assert.ok(verifyPushSignature({ token: O.token, ...r.query }));
    assert.throwsCode(() => openPushRequest({ ...config, token: 'other', query: r.query }), 'ERR_SIGNATURE_MISMATCH', 'signature');
  });

  test('builders reject bad input with codes and fields', () => {
    const ok = { ...config, message: { a: 1 } };
    assert.throwsCode(() => buildPushRequest({ ...ok, token: undefined }), 'ERR_INVALID_ARGUMENT', 'token');
    assert.throwsCode(() => buildPushRequest({ ...ok, encodingAESKey: 'short' }), 'ERR_INVALID_AES_KEY');
    assert.throwsCode(() => buildPushRequest({ ...ok, appId: [O.appId] }), 'ERR_INVALID_ARGUMENT', 'appId');
    assert.throwsCode(() => buildPushRequest({ ...ok, format: 'yaml' }), 'ERR_INVALID_ARGUMENT', 'format');
    assert.throwsCode(() => buildPushRequest({ ...ok, message: 42 }), 'ERR_INVALID_ARGUMENT', 'message');
    assert.throwsCode(() => buildPushRequest({ ...ok, format: 'xml', message: { n: null } }), 'ERR_INVALID_ARGUMENT', 'message');
    assert.throwsCode(() => buildPushRequest({ ...ok, format: 'xml', message: { 'a b': 1 } }), 'ERR_INVALID_ARGUMENT', 'message');
    assert.throwsCode(() => buildPushRequest({ ...ok, random: 'short' }), 'ERR_INVALID_ARGUMENT', 'random');
    assert.throwsCode(() => buildPushRequest({ ...ok, timestamp: -1 }), 'ERR_INVALID_ARGUMENT', 'timestamp');
    assert.throwsCode(() => buildPushRequest(null), 'ERR_INVALID_ARGUMENT', 'input');
    assert.throwsCode(() => buildPushVerifyRequest({ token: '' }), 'ERR_INVALID_ARGUMENT', 'token');
    assert.throwsCode(() => buildPushVerifyRequest({ token: 't', echostr: '' }), 'ERR_INVALID_ARGUMENT', 'echostr');
  });

  return list;
}

// Regenerates tests/vectors/push.json (message push / 消息推送, safe mode) with node:crypto, an
// implementation independent of the Rust core. Deterministic: fixed keys, nonces and random prefixes.
// Usage: node scripts/gen-push-vectors.mjs
// Read by the Rust tests (tests/push.rs) and the JS suite (js-tests/suite-push.mjs, as vectors.push).
import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import assert from 'node:assert/strict';

// The example of WeChat's official mini program message-push documentation.
const TOKEN = 'AAAAA';
const KEY = 'A'.repeat(43);
const APPID = 'wxba5fad812f8e6fb9';
const OFFICIAL = {
  urlCheck: {
    timestamp: '1714036504',
    nonce: '1514711492',
    signature: 'f464b24fc39322e44b38aa78f5edd27bd1441696',
    echostr: '4375120948345356249',
  },
  inbound: {
    timestamp: '1714112445',
    nonce: '415670741',
    msgSignature: '046e02f8204d34f8ba5fa3b1db94908f3df2e9b3',
    encrypt:
      '+qdx1OKCy+5JPCBFWw70tm0fJGb2Jmeia4FCB7kao+/Q5c/ohsOzQHi8khUOb05JCpj0JB4RvQMkUyus8TPxLKJGQqcvZqzDpVzazhZv6JsXUnnR8XGT740XgXZUXQ7vJVnAG+tE8NUd4yFyjPy7GgiaviNrlCTj+l5kdfMuFUPpRSrfMZuMcp3Fn2Pede2IuQrKEYwKSqFIZoNqJ4M8EajAsjLY2km32IIjdf8YL/P50F7mStwntrA2cPDrM1kb6mOcfBgRtWygb3VIYnSeOBrebufAlr7F9mFUPAJGj04=',
    message:
      '{"ToUserName":"gh_97417a04a28d","FromUserName":"o9AgO5Kd5ggOC-bXrbNODIiE3bGY","CreateTime":1714112445,"MsgType":"event","Event":"debug_demo","debug_str":"hello world"}',
  },
  reply: {
    random: '707722b803182950',
    timestamp: 1713424427,
    nonce: '415670741',
    message: '{"demo_resp":"good luck"}',
    Encrypt: 'ELGduP2YcVatjqIS+eZbp80MNLoAUWvzzyJxgGzxZO/5sAvd070Bs6qrLARC9nVHm48Y4hyRbtzve1L32tmxSQ==',
    MsgSignature: '1b9339964ed2e271e7c7b6ff2b0ef902fc94dea1',
  },
};

// ---- reference implementation (node:crypto) ------------------------------------------------------
const sha1sorted = (...parts) => createHash('sha1').update([...parts].sort().join('')).digest('hex');
const aesKey = (encodingAESKey) => Buffer.from(`${encodingAESKey}=`, 'base64');
const pad32 = (buf) => {
  const p = 32 - (buf.length % 32);
  return Buffer.concat([buf, Buffer.alloc(p, p)]);
};
/** Encrypt raw plaintext bytes (already padded, or padded here when `pad` is true). */
function encryptRaw(plain, { key = KEY, pad = true } = {}) {
  const k = aesKey(key);
  const c = createCipheriv('aes-256-cbc', k, k.subarray(0, 16));
  c.setAutoPadding(false);
  return Buffer.concat([c.update(pad ? pad32(plain) : plain), c.final()]).toString('base64');
}
const layout = (random, msg, appId, lenOverride) => {
  const m = Buffer.isBuffer(msg) ? msg : Buffer.from(msg, 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(lenOverride ?? m.length);
  return Buffer.concat([Buffer.from(random, 'utf8'), len, m, Buffer.from(appId, 'utf8')]);
};
/** The reference decryption: returns { message } or { code } by the rules of docs/protocol.md (message push). */
function reference({ token, encodingAESKey, appId, timestamp, nonce, msgSignature, encrypt }) {
  const keys = [encodingAESKey].flat();
  const ids = [appId].flat();
  for (const k of keys) if (!/^[A-Za-z0-9+/]{43}$/.test(k)) return { code: 'ERR_INVALID_AES_KEY', field: 'encodingAESKey' };
  if (sha1sorted(token, String(timestamp), String(nonce), encrypt) !== msgSignature.toLowerCase()) {
    return { code: 'ERR_SIGNATURE_MISMATCH', field: 'msgSignature' };
  }
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(encrypt) || encrypt === '') {
    return { code: 'ERR_INVALID_BASE64', field: 'encrypt' };
  }
  const ct = Buffer.from(encrypt, 'base64');
  if (ct.length === 0 || ct.length % 16) return { code: 'ERR_INVALID_CIPHERTEXT', field: 'encrypt' };
  for (const k of keys) {
    const key = aesKey(k);
    const d = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
    d.setAutoPadding(false);
    const pt = Buffer.concat([d.update(ct), d.final()]);
    const p = pt[pt.length - 1];
    if (p < 1 || p > 32 || p > pt.length || !pt.subarray(pt.length - p).every((b) => b === p)) continue;
    const body = pt.subarray(0, pt.length - p);
    if (body.length < 20) continue;
    const len = body.readUInt32BE(16);
    if (20 + len > body.length) continue;
    const msg = body.subarray(20, 20 + len);
    let text;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(msg);
    } catch {
      continue;
    }
    const id = body.subarray(20 + len).toString('latin1');
    if (!ids.includes(id)) return { code: 'ERR_APPID_MISMATCH', field: 'appId' };
    return { message: text };
  }
  return { code: 'ERR_DECRYPT_FAILED', field: 'encrypt' };
}

// The official vectors reproduce with this reference.
assert.equal(sha1sorted(TOKEN, OFFICIAL.urlCheck.timestamp, OFFICIAL.urlCheck.nonce), OFFICIAL.urlCheck.signature);
assert.deepEqual(reference({ token: TOKEN, encodingAESKey: KEY, appId: APPID, ...OFFICIAL.inbound }), { message: OFFICIAL.inbound.message });
{
  const r = OFFICIAL.reply;
  const enc = encryptRaw(layout(r.random, r.message, APPID));
  assert.equal(enc, r.Encrypt);
  assert.equal(sha1sorted(TOKEN, String(r.timestamp), r.nonce, enc), r.MsgSignature);
  // 224-byte plaintext with 19 bytes of padding: a 16-byte unpadder fails on it.
  const k = aesKey(KEY);
  const d = createDecipheriv('aes-256-cbc', k, k.subarray(0, 16));
  assert.throws(() => Buffer.concat([d.update(Buffer.from(OFFICIAL.inbound.encrypt, 'base64')), d.final()]));
}

// ---- generated cases -------------------------------------------------------------------------------
const bytes = (label, n) => createHash('sha256').update(label).digest().subarray(0, n);
/** A 43-character EncodingAESKey with non-zero trailing bits, like most real ones. */
const genKey = (label) => {
  for (let i = 0; ; i++) {
    const k = Buffer.concat([bytes(`${label}${i}`, 32), Buffer.from([0xff])]).toString('base64').slice(0, 43);
    if (!/[AQgw]$/.test(k)) return k;
  }
};
const KEY2 = genKey('wx-open-data push key 2');
const KEY3 = genKey('wx-open-data push key 3');
assert.notEqual(aesKey(KEY2).length, 0);
const TOKEN2 = 'pushToken_2026';
const APPID2 = 'wx1234567890abcdef';
const TS = '1763900000';
const NONCE = '1320562132';
const RANDOM = 'abcdefghijklmnop';

const signed = (encrypt, { token = TOKEN2, timestamp = TS, nonce = NONCE } = {}) => ({
  timestamp,
  nonce,
  msgSignature: sha1sorted(token, timestamp, nonce, encrypt),
  encrypt,
});
const base = { token: TOKEN2, encodingAESKey: KEY2, appId: APPID2 };

const decrypt = [];
const addDecrypt = (name, input, expect) => {
  const ref = reference(input);
  assert.deepEqual(ref, expect, `${name}: the reference disagrees`);
  decrypt.push({ name, input, expect });
};

addDecrypt('official inbound vector', { token: TOKEN, encodingAESKey: KEY, appId: APPID, ...OFFICIAL.inbound }, { message: OFFICIAL.inbound.message });
addDecrypt('official vector, appId as a list', { token: TOKEN, encodingAESKey: KEY, appId: ['wxdev0000000000000', APPID], ...OFFICIAL.inbound }, { message: OFFICIAL.inbound.message });
addDecrypt('official vector, msgSignature in upper case', { token: TOKEN, encodingAESKey: KEY, appId: APPID, ...OFFICIAL.inbound, msgSignature: OFFICIAL.inbound.msgSignature.toUpperCase() }, { message: OFFICIAL.inbound.message });
addDecrypt('key rotation: the official key as the previous key', { token: TOKEN, encodingAESKey: [KEY2, KEY], appId: APPID, ...OFFICIAL.inbound }, { message: OFFICIAL.inbound.message });
addDecrypt('EncodingAESKey with different trailing bits decodes to the same key', { token: TOKEN, encodingAESKey: `${'A'.repeat(42)}D`, appId: APPID, ...OFFICIAL.inbound }, { message: OFFICIAL.inbound.message });

const JSON_MSG = '{"ToUserName":"gh_0123456789ab","FromUserName":"oUser_Ab-cd","CreateTime":1763900000,"MsgType":"text","Content":"你好 😀 \\"quoted\\"","MsgId":24123456789012345}';
addDecrypt('generated key with non-zero trailing bits, JSON message', { ...base, ...signed(encryptRaw(layout(RANDOM, JSON_MSG, APPID2), { key: KEY2 })) }, { message: JSON_MSG });
const XML_MSG = '<xml><ToUserName><![CDATA[gh_0123456789ab]]></ToUserName><FromUserName><![CDATA[oUser_Ab-cd]]></FromUserName><CreateTime>1763900000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[你好 <b> & ]]]]><![CDATA[> 😀]]></Content><MsgId>24123456789012345</MsgId></xml>';
addDecrypt('XML message with CDATA (returned as text)', { ...base, ...signed(encryptRaw(layout(RANDOM, XML_MSG, APPID2), { key: KEY2 })) }, { message: XML_MSG });
// Every padding value 1..=32: message lengths chosen so the plaintext needs that much padding.
// Padding 17..=32 breaks 16-byte unpadders (WebCrypto, Node's default setAutoPadding).
for (let padBytes = 1; padBytes <= 32; padBytes++) {
  const fixed = 16 + 4 + APPID2.length;
  let len = 0;
  while ((fixed + len + padBytes) % 32 !== 0) len++;
  const msg = `{"n":"${'x'.repeat(Math.max(0, len - 8))}"}`.padEnd(len, ' ').slice(0, len);
  const pt = layout(RANDOM, msg, APPID2);
  assert.equal(32 - (pt.length % 32), padBytes);
  addDecrypt(`padding of ${padBytes} bytes${padBytes > 16 ? ' (a 16-byte unpadder rejects it)' : ''}`, { ...base, ...signed(encryptRaw(pt, { key: KEY2 })) }, { message: msg });
}
addDecrypt('empty message', { ...base, ...signed(encryptRaw(layout(RANDOM, '', APPID2), { key: KEY2 })) }, { message: '' });
const good = signed(encryptRaw(layout(RANDOM, JSON_MSG, APPID2), { key: KEY2 }));
addDecrypt('msgSignature of other fields', { ...base, ...good, msgSignature: sha1sorted(TOKEN2, TS, NONCE, 'x') }, { code: 'ERR_SIGNATURE_MISMATCH', field: 'msgSignature' });
addDecrypt('msgSignature malformed', { ...base, ...good, msgSignature: 'not-hex' }, { code: 'ERR_SIGNATURE_MISMATCH', field: 'msgSignature' });
addDecrypt('wrong token', { ...base, ...good, token: 'otherToken' }, { code: 'ERR_SIGNATURE_MISMATCH', field: 'msgSignature' });
addDecrypt('timestamp changed after signing', { ...base, ...good, timestamp: '1763900001' }, { code: 'ERR_SIGNATURE_MISMATCH', field: 'msgSignature' });
{
  const ct = Buffer.from(good.encrypt, 'base64');
  ct[ct.length - 1] ^= 1;
  addDecrypt('ciphertext changed after signing (signature checked before decryption)', { ...base, ...good, encrypt: ct.toString('base64') }, { code: 'ERR_SIGNATURE_MISMATCH', field: 'msgSignature' });
  addDecrypt('flipped last byte, re-signed', { ...base, ...signed(ct.toString('base64')) }, { code: 'ERR_DECRYPT_FAILED', field: 'encrypt' });
}
addDecrypt('wrong appid', { ...base, ...good, appId: 'wxanother000000000' }, { code: 'ERR_APPID_MISMATCH', field: 'appId' });
addDecrypt('appid list without the message appid', { ...base, ...good, appId: ['wxanother000000000', 'wxthird0000000000'] }, { code: 'ERR_APPID_MISMATCH', field: 'appId' });
addDecrypt('appid that is a prefix of the message appid', { ...base, ...good, appId: APPID2.slice(0, -1) }, { code: 'ERR_APPID_MISMATCH', field: 'appId' });
addDecrypt('wrong EncodingAESKey (valid, another key)', { ...base, ...good, encodingAESKey: KEY3 }, { code: 'ERR_DECRYPT_FAILED', field: 'encrypt' });
addDecrypt('key rotation: current and previous both wrong', { ...base, ...good, encodingAESKey: [KEY3, KEY] }, { code: 'ERR_DECRYPT_FAILED', field: 'encrypt' });
addDecrypt('key rotation: current key right, previous listed too', { ...base, ...good, encodingAESKey: [KEY2, KEY3] }, { message: JSON_MSG });
addDecrypt('key rotation: message under the previous key', { ...base, ...good, encodingAESKey: [KEY3, KEY2] }, { message: JSON_MSG });
for (const [name, key] of [
  ['EncodingAESKey of 42 characters', KEY2.slice(0, 42)],
  ['EncodingAESKey of 44 characters', `${KEY2}A`],
  ['EncodingAESKey with its = padding', `${KEY2.slice(0, 42)}=`],
  ['EncodingAESKey in the URL-safe alphabet', `${KEY2.slice(0, 42)}-`],
  ['EncodingAESKey with a space', ` ${KEY2.slice(1)}`],
  ['empty EncodingAESKey', ''],
]) {
  addDecrypt(name, { ...base, ...good, encodingAESKey: key }, { code: 'ERR_INVALID_AES_KEY', field: 'encodingAESKey' });
}
addDecrypt('a malformed previous key is refused too', { ...base, ...good, encodingAESKey: [KEY2, 'short'] }, { code: 'ERR_INVALID_AES_KEY', field: 'encodingAESKey' });
// Failures after decryption, each with a valid msg_signature: one code, one message.
const raw = (name, pt, expect, pad = false) =>
  addDecrypt(name, { ...base, ...signed(encryptRaw(pt, { key: KEY2, pad })) }, expect);
const FAIL = { code: 'ERR_DECRYPT_FAILED', field: 'encrypt' };
{
  const pt = layout(RANDOM, JSON_MSG, APPID2);
  const padded = pad32(pt);
  const zeroPad = Buffer.from(padded);
  zeroPad[zeroPad.length - 1] = 0;
  raw('padding byte 0', zeroPad, FAIL);
  const k33 = 33 + ((16 - ((pt.length + 33) % 16)) % 16);
  raw('padding of 33 bytes of 0x21 (over the 32-byte block)', Buffer.concat([pt, Buffer.alloc(k33, 33)]), FAIL);
  const mixed = Buffer.from(padded);
  const p = mixed[mixed.length - 1];
  if (p >= 2) {
    mixed[mixed.length - p] ^= 1;
    raw('one padding byte differs', mixed, FAIL);
  }
  raw('length field larger than the data', layout(RANDOM, JSON_MSG, APPID2, Buffer.byteLength(JSON_MSG) + APPID2.length + 1), FAIL, true);
  raw('length field 0xFFFFFFFF', layout(RANDOM, JSON_MSG, APPID2, 0xffffffff), FAIL, true);
  raw('length field smaller than the message (the appid no longer matches)', layout(RANDOM, JSON_MSG, APPID2, 10), { code: 'ERR_APPID_MISMATCH', field: 'appId' }, true);
  raw('plaintext shorter than 20 bytes', Buffer.from('0123456789'), FAIL, true);
  raw('invalid UTF-8 in the message', layout(RANDOM, Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), APPID2), FAIL, true);
  const ct = Buffer.from(encryptRaw(pt, { key: KEY2 }), 'base64');
  addDecrypt('truncated ciphertext (last block dropped), re-signed', { ...base, ...signed(ct.subarray(0, ct.length - 16).toString('base64')) }, FAIL);
  addDecrypt('ciphertext of 33 bytes, re-signed', { ...base, ...signed(ct.subarray(0, 33).toString('base64')) }, { code: 'ERR_INVALID_CIPHERTEXT', field: 'encrypt' });
  addDecrypt('Encrypt with spaces instead of +, re-signed', { ...base, ...signed(good.encrypt.replaceAll('+', ' ').replaceAll('/', ' ')) }, { code: 'ERR_INVALID_BASE64', field: 'encrypt' });
}

// URL check / plaintext-mode signature.
const verify = [];
const addVerify = (name, input, expect) => {
  assert.equal(sha1sorted(input.token, String(input.timestamp), String(input.nonce)) === String(input.signature).toLowerCase(), expect, name);
  verify.push({ name, input, expect });
};
const U = OFFICIAL.urlCheck;
addVerify('official URL check', { token: TOKEN, timestamp: U.timestamp, nonce: U.nonce, signature: U.signature }, true);
addVerify('official URL check, upper-case hex', { token: TOKEN, timestamp: U.timestamp, nonce: U.nonce, signature: U.signature.toUpperCase() }, true);
addVerify('wrong token', { token: 'AAAAB', timestamp: U.timestamp, nonce: U.nonce, signature: U.signature }, false);
addVerify('timestamp and nonce swapped (the sort makes it the same signature)', { token: TOKEN, timestamp: U.nonce, nonce: U.timestamp, signature: U.signature }, true);
addVerify('another timestamp', { token: TOKEN, timestamp: '1714036505', nonce: U.nonce, signature: U.signature }, false);
addVerify('generated', { token: TOKEN2, timestamp: TS, nonce: NONCE, signature: sha1sorted(TOKEN2, TS, NONCE) }, true);
for (const bad of ['', 'xyz', U.signature.slice(1), `${U.signature}0`, 'g'.repeat(40)]) {
  addVerify(`malformed signature ${JSON.stringify(bad.slice(0, 12))}`, { token: TOKEN, timestamp: U.timestamp, nonce: U.nonce, signature: bad }, false);
}

// Replies with a fixed random prefix: exact Encrypt and MsgSignature, and the XML form.
const xmlReply = (r) =>
  `<xml><Encrypt><![CDATA[${r.Encrypt}]]></Encrypt><MsgSignature><![CDATA[${r.MsgSignature}]]></MsgSignature><TimeStamp>${r.TimeStamp}</TimeStamp><Nonce><![CDATA[${r.Nonce}]]></Nonce></xml>`;
const reply = [];
const addReply = (name, input) => {
  const Encrypt = encryptRaw(layout(input.random, input.message, input.appId), { key: [input.encodingAESKey].flat()[0] });
  const TimeStamp = Number(input.timestamp);
  const Nonce = String(input.nonce);
  const MsgSignature = sha1sorted(input.token, String(TimeStamp), Nonce, Encrypt);
  const expect = { Encrypt, MsgSignature, TimeStamp, Nonce };
  // Round trip through the reference decryption.
  assert.deepEqual(reference({ token: input.token, encodingAESKey: input.encodingAESKey, appId: input.appId, timestamp: TimeStamp, nonce: Nonce, msgSignature: MsgSignature, encrypt: Encrypt }), { message: input.message });
  reply.push({ name, input, expect: { ...expect, xml: xmlReply(expect) } });
};
const R = OFFICIAL.reply;
addReply('official reply vector', { token: TOKEN, encodingAESKey: KEY, appId: APPID, message: R.message, timestamp: R.timestamp, nonce: R.nonce, random: R.random });
assert.equal(reply[0].expect.Encrypt, R.Encrypt);
assert.equal(reply[0].expect.MsgSignature, R.MsgSignature);
addReply('official reply, timestamp as a string', { token: TOKEN, encodingAESKey: KEY, appId: APPID, message: R.message, timestamp: String(R.timestamp), nonce: R.nonce, random: R.random });
addReply('generated key, XML reply with CDATA and emoji', { ...base, encodingAESKey: [KEY2, KEY3], message: '<xml><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[收到 😀]]></Content></xml>', timestamp: 1763900000, nonce: '987654321', random: 'ZYXWVUTSRQPONMLK' });
addReply('empty message', { ...base, message: '', timestamp: 1763900000, nonce: '1', random: '0000000000000000' });
for (const n of [11, 12, 27, 28]) {
  addReply(`message of ${n} bytes`, { ...base, message: 'm'.repeat(n), timestamp: 1763900000, nonce: '42', random: RANDOM });
}

// Whole requests (openPushRequest): query + raw body.
const requests = [];
const addRequest = (name, input, expect) => requests.push({ name, input, expect });
const cfg = { token: TOKEN, encodingAESKey: KEY, appId: APPID };
const I = OFFICIAL.inbound;
const pushQuery = (s) => ({ signature: sha1sorted(cfg.token, s.timestamp, s.nonce), timestamp: s.timestamp, nonce: s.nonce, openid: 'o9AgO5Kd5ggOC-bXrbNODIiE3bGY', encrypt_type: 'aes', msg_signature: s.msgSignature });
const jsonBody = (enc) => JSON.stringify({ ToUserName: 'gh_97417a04a28d', Encrypt: enc });
const xmlBody = (enc) => `<xml>\n  <ToUserName><![CDATA[gh_97417a04a28d]]></ToUserName>\n  <Encrypt><![CDATA[${enc}]]></Encrypt>\n</xml>\n`;
const officialMessage = { kind: 'message', format: 'json', appId: APPID, keyIndex: 0, text: I.message, message: JSON.parse(I.message) };

addRequest('URL check (GET, no body)', { ...cfg, query: { signature: U.signature, timestamp: U.timestamp, nonce: U.nonce, echostr: U.echostr } }, { kind: 'verify', echostr: U.echostr });
addRequest('URL check with an empty body', { ...cfg, query: { signature: U.signature, timestamp: U.timestamp, nonce: U.nonce, echostr: U.echostr }, body: '' }, { kind: 'verify', echostr: U.echostr });
addRequest('URL check, query as the request URL', { ...cfg, query: `/wx/push?signature=${U.signature}&echostr=${U.echostr}&timestamp=${U.timestamp}&nonce=${U.nonce}` }, { kind: 'verify', echostr: U.echostr });
addRequest('URL check with a bad signature', { ...cfg, query: { signature: '0'.repeat(40), timestamp: U.timestamp, nonce: U.nonce, echostr: U.echostr } }, { code: 'ERR_SIGNATURE_MISMATCH', field: 'signature' });
addRequest('URL check with a malformed EncodingAESKey: configuration errors show at once', { ...cfg, encodingAESKey: `${KEY}=`, query: { signature: U.signature, timestamp: U.timestamp, nonce: U.nonce, echostr: U.echostr } }, { code: 'ERR_INVALID_AES_KEY', field: 'encodingAESKey' });
addRequest('URL check without signature', { ...cfg, query: { timestamp: U.timestamp, nonce: U.nonce, echostr: U.echostr } }, { code: 'ERR_INVALID_ARGUMENT', field: 'signature' });
addRequest('official push, JSON body', { ...cfg, query: pushQuery(I), body: jsonBody(I.encrypt) }, officialMessage);
addRequest('official push, JSON body, format stated', { ...cfg, query: pushQuery(I), body: jsonBody(I.encrypt), format: 'json' }, officialMessage);
addRequest('official push, XML body with CDATA', { ...cfg, query: pushQuery(I), body: xmlBody(I.encrypt) }, officialMessage);
addRequest('official push, query as the request URL', { ...cfg, query: `/wx/push?signature=x&timestamp=${I.timestamp}&nonce=${I.nonce}&openid=o9Ag&encrypt_type=aes&msg_signature=${I.msgSignature}`, body: jsonBody(I.encrypt) }, officialMessage);
addRequest('official push, rotated keys and an appid list', { ...cfg, encodingAESKey: [KEY2, KEY], appId: ['wxdev0000000000000', APPID], query: pushQuery(I), body: jsonBody(I.encrypt) }, { ...officialMessage, keyIndex: 1 });
{
  const enc = encryptRaw(layout(RANDOM, XML_MSG, APPID2), { key: KEY2 });
  const s = signed(enc);
  addRequest('XML message in an XML body: top-level elements as strings', { ...base, query: pushQuery({ ...s, msgSignature: s.msgSignature }), body: xmlBody(enc) }, {
    kind: 'message', format: 'xml', appId: APPID2, keyIndex: 0, text: XML_MSG,
    message: { ToUserName: 'gh_0123456789ab', FromUserName: 'oUser_Ab-cd', CreateTime: '1763900000', MsgType: 'text', Content: '你好 <b> & ]]> 😀', MsgId: '24123456789012345' },
  });
}
{
  const SUB = '<xml><ToUserName><![CDATA[gh_123456789abc]]></ToUserName><FromUserName><![CDATA[otFpruAK8D-E6EfStSYonYSBZ8_4]]></FromUserName><CreateTime>1610969440</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe_msg_popup_event]]></Event><SubscribeMsgPopupEvent><List><TemplateId><![CDATA[VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc]]></TemplateId><SubscribeStatusString><![CDATA[accept]]></SubscribeStatusString><PopupScene>2</PopupScene></List><List><TemplateId><![CDATA[9nLIlbOQZC5Y89AZteFEux3WCXRRRG5Wfzkpssu4bLI]]></TemplateId><SubscribeStatusString><![CDATA[reject]]></SubscribeStatusString><PopupScene>2</PopupScene></List></SubscribeMsgPopupEvent></xml>';
  const enc = encryptRaw(layout(RANDOM, SUB, APPID2), { key: KEY2 });
  const s = signed(enc);
  addRequest('subscription popup event: nested elements become objects, repeated ones arrays', { ...base, query: pushQuery(s), body: xmlBody(enc) }, {
    kind: 'message', format: 'xml', appId: APPID2, keyIndex: 0, text: SUB,
    message: {
      ToUserName: 'gh_123456789abc', FromUserName: 'otFpruAK8D-E6EfStSYonYSBZ8_4', CreateTime: '1610969440', MsgType: 'event', Event: 'subscribe_msg_popup_event',
      SubscribeMsgPopupEvent: { List: [
        { TemplateId: 'VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc', SubscribeStatusString: 'accept', PopupScene: '2' },
        { TemplateId: '9nLIlbOQZC5Y89AZteFEux3WCXRRRG5Wfzkpssu4bLI', SubscribeStatusString: 'reject', PopupScene: '2' },
      ] },
    },
  });
}
{
  const PROTO = '{"__proto__":{"polluted":true},"MsgType":"event"}';
  const enc = encryptRaw(layout(RANDOM, PROTO, APPID2), { key: KEY2 });
  addRequest('JSON message with a __proto__ key', { ...base, query: pushQuery(signed(enc)), body: jsonBody(enc) }, { kind: 'message', format: 'json', appId: APPID2, keyIndex: 0, text: PROTO, message: JSON.parse(PROTO) });
}
const xxe = `<?xml version="1.0"?>\n<!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<xml><ToUserName>&xxe;</ToUserName><Encrypt><![CDATA[${I.encrypt}]]></Encrypt></xml>`;
addRequest('XML body with a DOCTYPE and an external entity (XXE) is refused', { ...cfg, query: pushQuery(I), body: xxe }, { code: 'ERR_INVALID_ARGUMENT', field: 'body' });
const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><xml><A>&lol2;</A><Encrypt><![CDATA[${I.encrypt}]]></Encrypt></xml>`;
addRequest('XML body with entity declarations (billion laughs) is refused', { ...cfg, query: pushQuery(I), body: bomb }, { code: 'ERR_INVALID_ARGUMENT', field: 'body' });
addRequest('XML body with an undeclared entity reference is refused', { ...cfg, query: pushQuery(I), body: `<xml><ToUserName>&xxe;</ToUserName><Encrypt><![CDATA[${I.encrypt}]]></Encrypt></xml>` }, { code: 'ERR_INVALID_ARGUMENT', field: 'body' });
{
  const inner = `<!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml><A>&x;</A></xml>`;
  const enc = encryptRaw(layout(RANDOM, inner, APPID2), { key: KEY2 });
  addRequest('decrypted XML message with a DOCTYPE is refused (uniform failure)', { ...base, query: pushQuery(signed(enc)), body: xmlBody(enc) }, { code: 'ERR_DECRYPT_FAILED', field: 'body' });
  const arr = '[1,2,3]';
  const enc2 = encryptRaw(layout(RANDOM, arr, APPID2), { key: KEY2 });
  addRequest('decrypted message that is a JSON array (uniform failure)', { ...base, query: pushQuery(signed(enc2)), body: jsonBody(enc2) }, { code: 'ERR_DECRYPT_FAILED', field: 'body' });
}
addRequest('malformed XML body', { ...cfg, query: pushQuery(I), body: `<xml><Encrypt><![CDATA[${I.encrypt}]]></Encrypt>` }, { code: 'ERR_INVALID_ARGUMENT', field: 'body' });
addRequest('plaintext-mode body (no Encrypt) is refused', { ...cfg, query: pushQuery(I), body: '{"ToUserName":"gh_97417a04a28d","MsgType":"event","Event":"debug_demo"}' }, { code: 'ERR_INVALID_ARGUMENT', field: 'body' });
addRequest('Encrypt that is not a string', { ...cfg, query: pushQuery(I), body: '{"Encrypt":42}' }, { code: 'ERR_INVALID_ARGUMENT', field: 'body' });
addRequest('body neither JSON nor XML', { ...cfg, query: pushQuery(I), body: `Encrypt=${I.encrypt}` }, { code: 'ERR_INVALID_ARGUMENT', field: 'body' });
addRequest('format stated xml for a JSON body', { ...cfg, query: pushQuery(I), body: jsonBody(I.encrypt), format: 'xml' }, { code: 'ERR_INVALID_ARGUMENT', field: 'body' });
addRequest('push without msg_signature', { ...cfg, query: { timestamp: I.timestamp, nonce: I.nonce, signature: 'x' }, body: jsonBody(I.encrypt) }, { code: 'ERR_INVALID_ARGUMENT', field: 'msg_signature' });
addRequest('push with a bad msg_signature', { ...cfg, query: { ...pushQuery(I), msg_signature: '0'.repeat(40) }, body: jsonBody(I.encrypt) }, { code: 'ERR_SIGNATURE_MISMATCH', field: 'msg_signature' });
addRequest('push for another appid', { ...cfg, appId: 'wxanother000000000', query: pushQuery(I), body: jsonBody(I.encrypt) }, { code: 'ERR_APPID_MISMATCH', field: 'appId' });
addRequest('push under another EncodingAESKey', { ...cfg, encodingAESKey: KEY2, query: pushQuery(I), body: jsonBody(I.encrypt) }, { code: 'ERR_DECRYPT_FAILED', field: 'body' });
addRequest('empty body and no echostr', { ...cfg, query: pushQuery(I), body: '' }, { code: 'ERR_INVALID_ARGUMENT', field: 'body' });

const out = {
  generatedBy: 'scripts/gen-push-vectors.mjs (node:crypto)',
  official: { token: TOKEN, encodingAESKey: KEY, appId: APPID, ...OFFICIAL },
  verify,
  decrypt,
  reply,
  requests,
};
writeFileSync(new URL('../tests/vectors/push.json', import.meta.url), `${JSON.stringify(out, null, 2)}\n`);
console.log(`push vectors: ${verify.length} verify, ${decrypt.length} decrypt, ${reply.length} reply, ${requests.length} requests`);

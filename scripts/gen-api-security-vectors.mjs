// Regenerates tests/vectors/api-security.json (WeChat server API security, 服务端 API 签名加密) with
// node:crypto and the openssl CLI: an implementation independent of the Rust core.
// Usage: node scripts/gen-api-security-vectors.mjs
// Read by the Rust tests (tests/api_security.rs) and the JS suite (js-tests/suite-api-security.mjs).
//
// `official`: the example of WeChat's API security guide (risk-rank API, its published keys): the
// request is reproduced byte for byte, the signature is the guide's (RSA-PSS is randomized: it is
// checked by verifying). `test`: two self-made platform certificates with their private keys (test
// material only) and responses signed and encrypted the way WeChat does, each with the code that
// opening it must give. The test keys are made anew on every run (openssl req -x509).
import { createCipheriv, createHash, createPrivateKey, createPublicKey, randomBytes, sign, constants } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';

const OFFICIAL_KEY = `-----BEGIN RSA PRIVATE KEY-----
MIIEowIBAAKCAQEA3FoQOmOl5/CF5hF7ta4EzCy2LaU3Eu2k9DBwQ73J82I53Sx9
LAgM1DH3IsYohRRx/BESfbdDI2powvr6QYKVIC+4Yavwg7gzhZRxWWmT1HruEADC
ZAgkUCu+9Il/9FPuitPSoIpBd07NqdkkRe82NBOfrKTdhge/5zd457fl7J81Q5VT
IxO8vvq7FSw7k6Jtv+eOjR6SZOWbbUO7f9r4UuUkXmvdGv21qiqtaO1EMw4tUCEL
zY73M7NpCH3RorlommYX3P6q0VrkDHrCE0/QMhmHsF+46E+IRcJ3wtEj3p/mO1Vo
CpEhawC1U728ZUTwWNEii8hPEhcNAZTKaQMaTQIDAQABAoIBAQCXv5p/a5KcyYKc
75tfgekh5wTLKIVmDqzT0evuauyCJTouO+4z/ZNAKuzEUO0kwPDCo8s1MpkU8boV
1Ru1M8WZNePnt65aN+ebbaAl8FRzNvltoeg9VXIUmBvYcjzhOVAE4V2jW7M8A9QU
zUpyswuED6OeFKfOHtYk2In2IipAqhfbyc6gn7uZSWTQsoO6hGBRQ7Ejx+vgwrbx
ZKVZ7UXbPHD0lOEPraA3PH/QUeUKpNwK2NXQoBxWcR283/HxFSAjjSSsGSBKsCnw
DN55P2FQ0HNi5YrwUNT9190NIXSeygaRy1b+D+yBfm+yE7/qXwHLZCHsjO+2tMSS
3KGjllTBAoGBAP9FPeYNKZuu5jt9RpZwXCc9E7Iz7bmM7zws6dun6dQH0xVVWFVm
iGIu07eqyB8HNagXseFzoXLV5EQx+3DaB0bAH+ZEpHGJJpAWSLusigssFUFuTvTF
w+rC5hxOfidMa6+93SU5pWeJb0zJF8PRDaJ3UmwlwpYubF17sT4PD6p9AoGBANz7
RlhRSFvggJjhEMpek3OIYWrrlRNO2MVcP7i/fGNTHhrw7OHcNGRof54QZ2Y0baL7
1vHNokbK2mnT+cQXY/gXMmcE/eV4xyRGYiIL9nBdrkLerc43EYPv+evDvgyji6+y
4np5cKqHrS8F+YzATk82Jt9HgdI2MvfbJTkSbmgRAoGAHNPL9rPb1An/VA6Ery6H
KaM7Gy/EE+U3ixsjWbvvqxMrIkieDh7jHftdy2sM6Hwe8hmi6+vr+pTvD0h5tbfZ
hILj11Q/Idc0NKdflVoZyMM0r0vuvLOsuVFDPUUb+AIoUxNk6vREmpmpqQk4ltN/
763779yfyef6MuBqFrEKut0CgYB9FfsuuOv1nfINF7EybDCZAETsiee7ozEPHnWv
dSzK6FytMV1VSBmcEI7UgUKWVu0MifOUsiq+WcsihmvmNLtQzoioSeoSP7ix7ulT
jmP0HQMsNPI7PW67uVZFv2pPqy/Bx8dtPlqpHN3KNV6Z7q0lJ2j/kHGK9UUKidDb
KnS2kQKBgHZ0cYzwh9YnmfXx9mimF57aQQ8aFc9yaeD5/3G2+a/FZcHtYzUdHQ7P
PS35blD17/NnhunHhuqakbgarH/LIFMHITCVuGQT4xS34kFVjFVhiT3cHfWyBbJ6
GbQuzzFxz/UKDDKf3/ON41k8UP20Gdvmv/+c6qQjKPayME81elus
-----END RSA PRIVATE KEY-----
`;

const OFFICIAL_CERT = `-----BEGIN CERTIFICATE-----
MIID0jCCArqgAwIBAgIUeE+Yy7vM/o+eHHsfM+1bGJJEZTQwDQYJKoZIhvcNAQEL
BQAwXjELMAkGA1UEBhMCQ04xEzARBgNVBAoTClRlbnBheS5jb20xHTAbBgNVBAsT
FFRlbnBheS5jb20gQ0EgQ2VudGVyMRswGQYDVQQDExJUZW5wYXkuY29tIFJvb3Qg
Q0EwHhcNMjIwOTA1MDgzOTIyWhcNMjcwOTA0MDgzOTIyWjBkMRswGQYDVQQDDBJ3
eGQ5MzBlYTVkNWEyNThmNGYxFTATBgNVBAoMDFRlbmNlbnQgSW5jLjEOMAwGA1UE
CwwFV3hnTXAxCzAJBgNVBAYMAkNOMREwDwYDVQQHDAhTaGVuWmhlbjCCASIwDQYJ
KoZIhvcNAQEBBQADggEPADCCAQoCggEBAM5D9qlkCmk1kr3FpF0e9pc3kGsvz5RA
0/YRny9xPKIyV2UVMDZvRQ+mDHsiQQFE6etg457KFYSxTDKtItbdl6hJQVGeAvg0
mqPYE9SkHRGTfL/AnXRbKBG2GC2OcaPSAprsLOersjay2me+9pF8VHybV8aox78A
NsU75G/OO3V1iEE0s5Pmglqk8DEiw9gB/dGJzsNfXwzvyJyiUP9ZujYexyjsS+/Z
GdSOUkqL/th+16yHj8alcdyga6YGfWEDyWkt/i/B28cwx4nzwk8xgrurifPaLuMk
0+9wJQLCfAn/f7zyHrC8PcD1XvvRt9VBNMBASXs3710ODyyVf2lkMgkCAwEAAaOB
gTB/MAkGA1UdEwQCMAAwCwYDVR0PBAQDAgTwMGUGA1UdHwReMFwwWqBYoFaGVGh0
dHA6Ly9ldmNhLml0cnVzLmNvbS5jbi9wdWJsaWMvaXRydXNjcmw/Q0E9MUJENDIy
MEU1MERCQzA0QjA2QUQzOTc1NDk4NDZDMDFDM0U4RUJEMjANBgkqhkiG9w0BAQsF
AAOCAQEAL2MK9tYu+ljLVBlSbfEeaKyF07TN+G31Ya5NBzeS1ZCx4joUEIyACWmG
fUkKNKiKV+EMzxeEhKRso1Qif3E7Ipl+PQBoQw6OSR/jFHciYurnGR9CLkL03Zo1
qw1Xetv9OipsvlpA0SOWc207e/XpGdm8C7FMXM6bzvVp8I/STTjC1vqjIZu9WavI
RgGM4jyAPz2XogUq0BNijef8BXbbav9fAsXjHSwn5BQv4iLms3fiLm/eoyQ6dZ2R
oTudrlcyr1bG4vwETLmHF+3yfVp9dpvJ+lyfiviwDwyfa8t2WlJm27DuF4vWoxir
mjgj9tDutIFqxLIovLyg3uiAYtSQ/Q==
-----END CERTIFICATE-----
`;

const b64 = (b) => Buffer.from(b).toString('base64');
const sha256 = (b) => createHash('sha256').update(b).digest('hex');
const pss = { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };

// --- the guide's example (risk-rank API) ---
const appId = 'wxba6223c06417af7b';
const urlPath = 'https://api.weixin.qq.com/wxa/getuserriskrank';
const symmetricKey = 'otUpngOjU+nVQaWJIC3D/yMLV17RKaP6t4Ot9tbnzLY=';
const symmetricKeySn = 'fa05fe1e5bcc79b81ad5ad4b58acf787';
const ts = 1635927954;
const nonce = 'o89QaPVsRu1yppIZzvSZc4';
const iv = 'fmW/zNxXlytUZBgj';
const params = '{"appid":"wxba6223c06417af7b","openid":"oEWzBfmdLqhFS2mTXCo2E4Y9gJAM","scene":0,"client_ip":"127.0.0.1"}';
const plaintext = `{"_n":"${nonce}","_appid":"${appId}","_timestamp":${ts},${params.slice(1)}`;
const aad = `${urlPath}|${appId}|${ts}|${symmetricKeySn}`;
const body = '{"iv":"fmW/zNxXlytUZBgj","data":"0IDVdrPtSPF/Oe2CTXCV2vVNPbVJdJlP2WaTMQnoYLh5iCrrSNfQFh25EnStDMf0hLlVNBCZQtf9NaV0m4aRA4AAYIO7oR/Ge+4yY4EmZp5EVPB42xjScgMx5X3D4VdLCfynXIUKUtZHZvk1zmLVE3RauzJgiM1BB1CPmwcENo3MTJ0z8Vfkf5tMv54kOXobDLlV5rfqKdAX7gM/rP82DgZdt9vvZX44ipdbHIjJvw83ZXAFtvftdVw2Qd8=","authtag":"5qeM/2vZv+6KtScN94IpMg=="}';
const signature = 'wcSSWHZunjz9VKl9q+If9deiyECXDAELfAJNZ4+5T+NhFr8zfhkwdQtlgQ7nN5xs99R57La9UjBTRBGge2KYyshWtw7HIMPAqWNsnpHvx0b2f7s6Bt7OpfOQLlIfNgepgTVmUwrqW8/7A12szj7tCe/bRFilwnaX6N0w4duHlfL7ic7IIZXouvy9dLRAa5GtEk1eD/LPWRiKh0SvJ3znPY/pSiQW9zSkXVdj9UGGM8qcKLzPGJ7gSmt3ZOPkFapk9wqFmhJwQj//xN5+hUlr2UiNPMNSHve5Y2ADLsNHqk5t7RfAZ8nW9/8lzhVt4t+toy1FeehxCGIC8qgmjIl1hg==';

function gcm(key, ivBytes, aadText, text) {
  const c = createCipheriv('aes-256-gcm', Buffer.from(key, 'base64'), ivBytes);
  c.setAAD(Buffer.from(aadText));
  const data = Buffer.concat([c.update(text, 'utf8'), c.final()]);
  return `{"iv":"${b64(ivBytes)}","data":"${b64(data)}","authtag":"${b64(c.getAuthTag())}"}`;
}
assert.equal(gcm(symmetricKey, Buffer.from(iv, 'base64'), aad, plaintext), body);
const signingString = `${urlPath}\n${appId}\n${ts}\n${body}`;
const officialKey = createPrivateKey(OFFICIAL_KEY);
const { verify } = await import('node:crypto');
assert.ok(verify('sha256', Buffer.from(signingString), { key: createPublicKey(officialKey), ...pss }, Buffer.from(signature, 'base64')));
const publicKey = createPublicKey(officialKey).export({ type: 'spki', format: 'pem' });
assert.equal(sha256(createPublicKey(officialKey).export({ type: 'spki', format: 'der' })), '5e4db68b6e8bd16d123bfc8396e1b8c048bf9b14d922d94c22acef885e0bb6f0');
const certSpki = createPublicKey(OFFICIAL_CERT).export({ type: 'spki', format: 'der' });
assert.equal(sha256(certSpki), '82101f08e1a05da1eb642b267d035332d4d09b19f3ba4e8eeb43bbc8aa122f1e');

const official = {
  appId, url: `${urlPath}?access_token=ACCESS_TOKEN`, urlPath, symmetricKey, symmetricKeySn,
  privateKeyPkcs1: OFFICIAL_KEY,
  privateKeyPkcs8: officialKey.export({ type: 'pkcs8', format: 'pem' }),
  privateKeyPkcs8DerSha256: sha256(officialKey.export({ type: 'pkcs8', format: 'der' })),
  publicKey,
  publicKeySpkiSha256: sha256(createPublicKey(officialKey).export({ type: 'spki', format: 'der' })),
  certificate: OFFICIAL_CERT,
  certificateSn: '79ba700ea147819f640941bceb38b1d1',
  certificateX509Serial: '784F98CBBBCCFE8F9E1C7B1F33ED5B1892446534',
  certificateSpkiSha256: sha256(certSpki),
  request: { timestamp: ts, nonce, iv, params, plaintext, aad, body, signingString, signature, signingStringSha256: sha256(signingString) },
};

// --- test platform certificates (two, for rollover) ---
const dir = mkdtempSync(join(tmpdir(), 'apisec-'));
function makeCert(cn) {
  const key = join(dir, `${cn}.key`), crt = join(dir, `${cn}.crt`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', crt,
    '-days', '36500', '-subj', `/CN=wx-open-data test ${cn}`], { stdio: 'ignore' });
  return { certificate: readFileSync(crt, 'utf8'), privateKey: readFileSync(key, 'utf8') };
}
const certA = { sn: 'a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0', ...makeCert('platform-a') };
const certB = { sn: 'b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1', ...makeCert('platform-b') };
rmSync(dir, { recursive: true });

// --- responses, as WeChat makes them, to the phone-number API ---
const phoneUrl = 'https://api.weixin.qq.com/wxa/business/getuserphonenumber?access_token=ACCESS_TOKEN';
const phonePath = 'https://api.weixin.qq.com/wxa/business/getuserphonenumber';
const respTs = 1700000000;
const result = '{"errcode":0,"errmsg":"ok","phone_info":{"phoneNumber":"+86 13800138000","purePhoneNumber":"13800138000","countryCode":"86","watermark":{"timestamp":1700000000,"appid":"wxba6223c06417af7b"}}}';
const inner = (o = {}) => `{"_n":"${o.n ?? 'ShYZpqdVgY+yQVAxNSWhYg'}","_appid":"${o.appid ?? appId}","_timestamp":${o.ts ?? respTs},${result.slice(1)}`;
const signWith = (cert, text) => b64(sign('sha256', Buffer.from(text), { key: createPrivateKey(cert.privateKey), ...pss }));
function response(o = {}) {
  const t = o.ts ?? respTs;
  const b = o.body ?? gcm(symmetricKey, randomBytes(12), `${phonePath}|${appId}|${t}|${o.sn ?? symmetricKeySn}`, o.inner ?? inner());
  const cert = o.cert ?? certA;
  const headers = {
    'Wechatmp-Appid': appId,
    'Wechatmp-TimeStamp': String(t),
    'Wechatmp-Serial': cert.sn,
    'Wechatmp-Signature': signWith(cert, `${phonePath}\n${appId}\n${t}\n${b}`),
  };
  return { headers, body: b };
}
const ok = response();
const flip = (s, at) => s.slice(0, at) + (s[at] === 'A' ? 'B' : 'A') + s.slice(at + 1);
const withHeaders = (r, h) => ({ headers: { ...r.headers, ...h }, body: r.body });
const tagFlipped = (() => {
  const env = JSON.parse(ok.body);
  const b = `{"iv":"${env.iv}","data":"${env.data}","authtag":"${flip(env.authtag, 3)}"}`;
  return response({ body: b });
})();
const rolled = (() => {
  // During rollover WeChat signs with the new certificate (B) and the retiring one (A).
  const r = response({ cert: certB });
  const sigA = signWith(certA, `${phonePath}\n${appId}\n${respTs}\n${r.body}`);
  return withHeaders(r, { 'Wechatmp-Serial-Deprecated': certA.sn, 'Wechatmp-Signature-Deprecated': sigA });
})();
const { 'Wechatmp-Signature': _s, 'Wechatmp-Serial': _n, ...unsignedHeaders } = ok.headers;

const now = respTs + 5;
const cases = [
  { name: 'signed and encrypted', ...ok, now, result },
  { name: 'lower-case header names', headers: Object.fromEntries(Object.entries(ok.headers).map(([k, v]) => [k.toLowerCase(), v])), body: ok.body, now, result },
  { name: 'rollover: the new certificate is not configured yet, the deprecated pair is used', ...rolled, now, result, warning: true, certificates: ['a'] },
  { name: 'rollover: the new certificate is configured', ...rolled, now, result, certificates: ['a', 'b'] },
  { name: 'exactly maxAgeSeconds old', ...ok, now: respTs + 300, result },
  { name: 'a WeChat rejection', headers: {}, body: '{"errcode":40234,"errmsg":"invalid signature rid: 6555f0a0-1a2b3c4d-5e6f7a8b"}', now, code: 'ERR_WX_API', errcode: 40234, stage: 'check' },
  { name: 'a rejection of an intracity API', headers: {}, body: '{"errcode":934011,"errmsg":"signature is needed rid: 1"}', now, code: 'ERR_WX_API', errcode: 934011, stage: 'check' },
  { name: 'an envelope without signature headers', headers: unsignedHeaders, body: ok.body, now, code: 'ERR_API_UNSIGNED', stage: 'check' },
  { name: 'a plaintext success without signature headers', headers: {}, body: result, now, code: 'ERR_API_UNSIGNED', stage: 'check' },
  { name: 'Wechatmp-Appid of another app', ...withHeaders(ok, { 'Wechatmp-Appid': 'wx0000000000000000' }), now, code: 'ERR_API_APPID_MISMATCH', stage: 'check' },
  { name: 'a serial that names no given certificate', ...withHeaders(ok, { 'Wechatmp-Serial': 'c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2' }), now, code: 'ERR_API_UNKNOWN_SERIAL', stage: 'check' },
  { name: 'signed by certificate B, serial says A', ...withHeaders(response({ cert: certB }), { 'Wechatmp-Serial': certA.sn }), now, code: 'ERR_API_SIGNATURE_INVALID', stage: 'verify', certificates: ['a', 'b'] },
  { name: 'the body altered after signing', headers: ok.headers, body: flip(ok.body, 40), now, code: 'ERR_API_SIGNATURE_INVALID', stage: 'verify' },
  { name: 'one bit of the signature flipped', ...withHeaders(ok, { 'Wechatmp-Signature': flip(ok.headers['Wechatmp-Signature'], 10) }), now, code: 'ERR_API_SIGNATURE_INVALID', stage: 'verify' },
  { name: 'Wechatmp-TimeStamp altered', ...withHeaders(ok, { 'Wechatmp-TimeStamp': String(respTs + 1) }), now, code: 'ERR_API_SIGNATURE_INVALID', stage: 'verify' },
  { name: 'the tag altered and the body signed again', ...tagFlipped, now, code: 'ERR_API_DECRYPT_FAILED', stage: 'open' },
  { name: 'encrypted under another symmetric key sn', ...response({ sn: '00000000000000000000000000000000' }), now, code: 'ERR_API_DECRYPT_FAILED', stage: 'open' },
  { name: '_appid inside is another app', ...response({ inner: inner({ appid: 'wx0000000000000000' }) }), now, code: 'ERR_API_APPID_MISMATCH', stage: 'open' },
  { name: '_timestamp inside differs from the header', ...response({ inner: inner({ ts: respTs - 60 }) }), now, code: 'ERR_API_TIMESTAMP_MISMATCH', stage: 'open' },
  { name: 'a stale response (replayed)', ...ok, now: respTs + 301, code: 'ERR_API_RESPONSE_EXPIRED', stage: 'open' },
];

const out = {
  generatedBy: 'scripts/gen-api-security-vectors.mjs (node:crypto, openssl)',
  official,
  test: {
    appId, url: phoneUrl, urlPath: phonePath, symmetricKey, symmetricKeySn,
    certificates: { a: certA, b: certB },
    timestamp: respTs,
    cases,
  },
};
writeFileSync(new URL('../tests/vectors/api-security.json', import.meta.url), JSON.stringify(out, null, 2) + '\n');
console.log(`tests/vectors/api-security.json: ${cases.length} response cases`);

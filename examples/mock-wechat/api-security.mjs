// WeChat's side of API security (服务端 API 签名加密) for the mock: what api.weixin.qq.com does with a
// request that carries Wechatmp-Signature, written with node:crypto as WeChat's own servers would:
// check the headers, verify the RSA-PSS signature (SHA-256, salt 32) with the app's public key,
// decrypt the AES-256-GCM envelope (AAD urlpath|appid|timestamp|sn), check _appid / _timestamp and
// the request's age, call the API with the decrypted params, then answer encrypted under the
// response's own timestamp and signed with the platform certificate's key (Wechatmp-Serial =
// its 证书编号). Rejections are plain {errcode, errmsg} bodies (40231-40240).
//
// The console (API 安全 page) is simulated by consoleFor(appid): a symmetric key and its sn, an app
// key pair made on first use (the private key handed out as PKCS#1 PEM, as the console does), and
// the platform certificate with its 证书编号.
//
// The platform certificate and its key below are TEST MATERIAL made with openssl for this project
// (self-signed, no value anywhere): WeChat's real certificate comes from the console.
import { createCipheriv, createDecipheriv, createHash, createPublicKey, generateKeyPairSync, randomBytes, sign, verify, constants } from 'node:crypto';

const PLATFORM_CERTIFICATE = `-----BEGIN CERTIFICATE-----
MIIDMTCCAhmgAwIBAgIUJvQ2q127bKQYfmIjr7nNpZs76LcwDQYJKoZIhvcNAQEL
BQAwJzElMCMGA1UEAwwcd3gtb3Blbi1kYXRhIHRlc3QgcGxhdGZvcm0tYTAgFw0y
NjExMjkyMTU4NTlaGA8yMTI2MTEwNTIxNTg1OVowJzElMCMGA1UEAwwcd3gtb3Bl
bi1kYXRhIHRlc3QgcGxhdGZvcm0tYTCCASIwDQYJKoZIhvcNAQEBBQADggEPADCC
AQoCggEBALib7Jxu0KbuODhDqFVf5te+V8nuXfuiwPdZ3jVVOvJC3O/giS1lkBNr
ZfS3MGjUQPXsaBdU3mpT1NEhfZFL0Hr8W1Jw2XEh2UA9tYKYh8nEtj/YSFslwbOd
4e391FAhkKOeXm/xl5IzPtiCGuS+p9c48bKCGTd9HTzEIi3RkrupuPxOFASKUFX/
iOh3RrR4fOmylA49sut6rWG5gCYQwiYoVgYBEomkUDmZOMqvYYqeQwwZAdItZ48s
OkguYKsRtT10kbdvn8oO0xcuIAbWjbfJ42MlzYpqhQWrgl8ObiU0qiaFa8qKcN5s
PqTbaBWZiOp4iJfpW5S8tz7v/cLU6h0CAwEAAaNTMFEwHQYDVR0OBBYEFCTo0hNd
WuoATotDDFwuVrX5WyzxMB8GA1UdIwQYMBaAFCTo0hNdWuoATotDDFwuVrX5Wyzx
MA8GA1UdEwEB/wQFMAMBAf8wDQYJKoZIhvcNAQELBQADggEBAF1hE8FlunZ+DBeQ
kPPTiAD7xnIJqSI5N0ov88eBfyHHH0OtrgBTrqnWQXUv/WHiiCWMbS753woieEFf
uoxx2O7jN7zOwxCbWk1pNpQ1KeQDnc5wXtiYzpwqm5kmcL3pdPbN05pfWHtFq7pu
Bl7HHBMshqgc3waOmRANXWgu/M3PLrNzH8/735ZmCh721IrO5AQj/+otIPhg6gng
a3JJM/DS5Cd8yXbEsdwwMMIEUY7ud+LiQYf7Znu5Psq65Ho8ti/HXr2fsDZ1iP6y
GU46KWeIhZuULH0kfChPZkKq+FDWf1FBnF1qfw3W8SOCGjy9oaAs+eibZcpGD9GC
yuAL7cQ=
-----END CERTIFICATE-----
`;

const PLATFORM_PRIVATE_KEY = `-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC4m+ycbtCm7jg4
Q6hVX+bXvlfJ7l37osD3Wd41VTryQtzv4IktZZATa2X0tzBo1ED17GgXVN5qU9TR
IX2RS9B6/FtScNlxIdlAPbWCmIfJxLY/2EhbJcGzneHt/dRQIZCjnl5v8ZeSMz7Y
ghrkvqfXOPGyghk3fR08xCIt0ZK7qbj8ThQEilBV/4jod0a0eHzpspQOPbLreq1h
uYAmEMImKFYGARKJpFA5mTjKr2GKnkMMGQHSLWePLDpILmCrEbU9dJG3b5/KDtMX
LiAG1o23yeNjJc2KaoUFq4JfDm4lNKomhWvKinDebD6k22gVmYjqeIiX6VuUvLc+
7/3C1OodAgMBAAECggEAKrwVmuTgMjRlGUk4N4M6yeiLI/ilEvJLHzdThB8VxS0L
PhBJURP4tTYgZPTfJPU1kHhIZFZGInEDi+Hn0nGtcjrm3P+4pkLCqudeFDxA+skp
sz/bCBaGb5D10wT2WBJdDDNGAz3262YnfzEnDpq/+cd50+vf8INq+D0i+F5STFSJ
DYR/Ix4yyozUCmkzQiqRRoVjblv7w4B4fJ0soYpl9DkSFMtqa4zUOw3ms3kMjsBa
I+ThXs3oWRvnToFpZW3eKSg/q9lQrrULO2DF78PoZIhbmli+8HAowZw2QshVuhNw
VodhLYi6pZLNTs7peKQ1E2v4V6g8FRdZzKMZDCJr4QKBgQD6otAglXCOMc5+PBs6
90BuG/E2koWe1QerCS1W3e8ffAWBp6YhjBciUhX9qpzbBPPiQOfqmZqAUdrh/VQq
u9iS2S4uqHuEMvMwRduxHKUKwPkWq6NZdAyxFqdPfbRwFUwy0telK6S4UDbT8nrT
et7GT3SYaHL2RkDaTbbEt1XHNQKBgQC8j1zD1o0hJd5Y/+8Tw97Rrvt21S36JMnY
MUUVI38tnS0Z01HKuFiEsNrDF5JqT8mUnEw4Wb54W7RBSStx+dUpObG12+RjiroR
4I81jMv566Yn8byl6gCYFZvEERzU1M+9AFu4mX/HvL2LNAkiFgkUHVoI7e4J9eLu
4T7L8tosSQKBgAaljrNugx+iPoGmgmpb6D+DSjBSTmzZ5WwpwCQPmqnRFixMD+HP
30UvvBmQDrzYMseLRRs5m5lPkmhv2W2QsbujOtBN84ib+UsMbzkRM2dHmtN5Fcnn
g/amTSWUhdZ7Ghw27zUYJTQmHG4efhdhqMrFjKgGDRZu4oVnjjNFUWcJAoGBAI3G
TT2CiEKwMmpApQX7dAG8y54h05wNJSbEhOjL88fcMhkE5q7BxOyf/RxLEO+WZj6y
9iw4bhoY+YNM/LmJ21hP5OqUFzkxCY5/ha4B2yxinl/SRsGJHEE9ngzhwQfVqwy0
xEIcSBNqOin8ShGy98iD+TpVi3E5zBNIkOrQAnLhAoGAGn5PNnI4jvI6VeiEoKQ3
RBOYS4+2k3oAS/xbPzW9srZM70hEA52dN7xdXX3eyDwwK1WUhuQW6m+2Hs3841Hi
jqdKL7TgmdeM+6oKLlsrQOX2oFfnPzgDxWq9weWEOqxQXhSlRvPRHdsAM87cLCp2
ncOfm9pGCt4dR7QV+bTLR5c=
-----END PRIVATE KEY-----
`;

/** The 证书编号 of the mock's platform certificate (not its X.509 serial). */
export const PLATFORM_CERTIFICATE_SN = 'a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0';

/** The paths the mock answers under API security (the real list is longer: docs/api-security.md). */
export const API_SECURITY_PATHS = new Set(['/wxa/business/getuserphonenumber', '/wxa/business/checkencryptedmsg']);

const PSS = { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };
const MAX_AGE_SECONDS = 300;
const ERRMSG = {
  40231: 'missing Wechatmp-TimeStamp',
  40232: 'missing Wechatmp-Signature',
  40233: 'missing Wechatmp-Appid',
  40234: 'invalid signature',
  40235: 'invalid encrypt',
  40237: 'Wechatmp-Appid not match',
  40238: 'developer secret sym serial not existed',
  40240: 'Wechatmp-TimeStamp expired',
};

/**
 * The security layer. Options: now() (Unix seconds), rid() (request id text), log(line).
 * handle({ origin, path, query, headers, bodyText, tokenAppId, call }) -> { status, text, headers } | null
 * (null: the request is not under API security and goes to the plain API).
 */
export function createApiSecurity({ now, rid, log = () => {} }) {
  const consoles = new Map(); // appid -> the console's configuration

  /** The API 安全 page of `appid` (made on first use, kept). */
  function consoleFor(appid) {
    let c = consoles.get(appid);
    if (!c) {
      const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      c = {
        symmetricKey: randomBytes(32).toString('base64'),
        symmetricKeySn: createHash('md5').update(`sym|${appid}`).digest('hex'),
        privateKey: privateKey.export({ type: 'pkcs1', format: 'pem' }),
        publicKey,
        certificates: { [PLATFORM_CERTIFICATE_SN]: PLATFORM_CERTIFICATE },
      };
      consoles.set(appid, c);
    }
    return c;
  }
  const publicView = (c) => ({ symmetricKey: c.symmetricKey, symmetricKeySn: c.symmetricKeySn, privateKey: c.privateKey, certificates: c.certificates });
  let current = '';
  const reject = (errcode) => {
    log(`POST ${current} -> errcode ${errcode} (refused by the API security layer)`);
    return { status: 200, text: JSON.stringify({ errcode, errmsg: `${ERRMSG[errcode]}, rid: ${rid()}` }), headers: {} };
  };
  const header = (headers, name) => {
    const v = headers[name.toLowerCase()];
    return Array.isArray(v) ? v[0] : v;
  };

  function handle({ origin, path, headers, bodyText, tokenAppId, call }) {
    if (!API_SECURITY_PATHS.has(path) || header(headers, 'Wechatmp-Signature') === undefined) return null;
    current = path;
    const appid = header(headers, 'Wechatmp-Appid');
    const ts = header(headers, 'Wechatmp-TimeStamp');
    const signature = header(headers, 'Wechatmp-Signature');
    if (!appid) return reject(40233);
    if (!ts) return reject(40231);
    const c = consoles.get(appid);
    if (!c) return reject(40238);
    const tokenApp = tokenAppId();
    if (tokenApp && tokenApp !== appid) return reject(40237);
    if (!/^\d{1,12}$/.test(ts) || now() - Number(ts) > MAX_AGE_SECONDS) return reject(40240);
    const urlPath = origin + path;
    const signed = Buffer.from(`${urlPath}\n${appid}\n${ts}\n${bodyText}`);
    if (!verify('sha256', signed, { key: c.publicKey, ...PSS }, Buffer.from(signature, 'base64'))) return reject(40234);
    let inner;
    try {
      const env = JSON.parse(bodyText);
      const d = createDecipheriv('aes-256-gcm', Buffer.from(c.symmetricKey, 'base64'), Buffer.from(env.iv, 'base64'));
      d.setAAD(Buffer.from(`${urlPath}|${appid}|${ts}|${c.symmetricKeySn}`));
      d.setAuthTag(Buffer.from(env.authtag, 'base64'));
      inner = JSON.parse(Buffer.concat([d.update(Buffer.from(env.data, 'base64')), d.final()]).toString('utf8'));
    } catch {
      return reject(40235);
    }
    if (inner._appid !== appid || inner._timestamp !== Number(ts) || typeof inner._n !== 'string') return reject(40235);
    const { _n, _appid, _timestamp, ...params } = inner;
    const answer = call(params);
    log(`POST ${path} -> ${answer.errcode ? `errcode ${answer.errcode}` : 'ok'} (API security: request verified and decrypted, answer encrypted and signed)`);
    return seal(c, urlPath, appid, answer);
  }

  /** Encrypt and sign an answer the way WeChat does (a new timestamp and nonce, the certificate's key). */
  function seal(c, urlPath, appid, answer) {
    const ts = now();
    const inner = JSON.stringify({ _n: randomBytes(16).toString('base64').replace(/=+$/, ''), _appid: appid, _timestamp: ts, ...answer });
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', Buffer.from(c.symmetricKey, 'base64'), iv);
    cipher.setAAD(Buffer.from(`${urlPath}|${appid}|${ts}|${c.symmetricKeySn}`));
    const data = Buffer.concat([cipher.update(inner, 'utf8'), cipher.final()]);
    const text = JSON.stringify({ iv: iv.toString('base64'), data: data.toString('base64'), authtag: cipher.getAuthTag().toString('base64') });
    const signature = sign('sha256', Buffer.from(`${urlPath}\n${appid}\n${ts}\n${text}`), { key: PLATFORM_PRIVATE_KEY, ...PSS }).toString('base64');
    return {
      status: 200,
      text,
      headers: { 'Wechatmp-Appid': appid, 'Wechatmp-TimeStamp': String(ts), 'Wechatmp-Serial': PLATFORM_CERTIFICATE_SN, 'Wechatmp-Signature': signature },
    };
  }

  return { handle, consoleFor: (appid) => publicView(consoleFor(appid)) };
}

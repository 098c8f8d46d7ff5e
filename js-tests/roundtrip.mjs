// Used by every runtime runner (not a suite): `wx-open-data/testing` resolves for that runtime and its
// encryptOpenData output decrypts with the main entry. The random iv comes from crypto.getRandomValues.
export function testingRoundTrip(lib, testing) {
  const sessionKey = 'tiihtNczf5v6AKRyjwEUhQ==';
  const data = { openId: 'o-roundtrip', nested: { ok: true, n: [1, 2] }, watermark: { appid: 'wxroundtrip', timestamp: 1700000000 } };
  const a = testing.encryptOpenData({ sessionKey, data });
  const b = testing.encryptOpenData({ sessionKey, data });
  if (typeof a.iv !== 'string' || a.iv.length !== 24) throw new Error(`bad iv ${a.iv}`);
  if (a.iv === b.iv) throw new Error('two random ivs are equal');
  const out = lib.decryptOpenData({ appId: 'wxroundtrip', sessionKey, ...a }, { now: 1700000000, maxAgeSeconds: 60 });
  if (JSON.stringify(out) !== JSON.stringify(data)) throw new Error(`round trip gave ${JSON.stringify(out)}`);
}

// Sealed session tokens (sealSession / openSession) in the runtime-agnostic suite: the shared vectors
// (tests/vectors/session.json, tokens made by jose and node:crypto), argument rules, rotation, and, when
// the runner passes `jose` (a bundle of the npm package), interoperability both ways.
import { assert } from './suite.mjs';

const NOW = 1780000000;

export function cases(lib, vectors, jose) {
  const list = [];
  const test = (name, fn) => list.push({ name: `session: ${name}`, fn });
  const { sealSession, openSession } = lib;
  const v = vectors.session;
  const keys = v.keys;
  const claims = { sub: 'o6_bmjrPTlm6_2sgVt7hMZOPfL2M', appid: 'wx4f4bc4dec97d474b', sid: 's1', ver: 2 };

  test('jose-made tokens of the seal vectors open to their claims plus iat and exp', () => {
    assert.ok(v.seal.length >= 3);
    for (const c of v.seal) {
      const got = openSession(c.token, { keys, now: c.now });
      assert.deepEqual(got, { ...c.claims, iat: c.now, exp: c.now + c.ttlSeconds });
      assert.equal(Object.keys(got).join(), [...Object.keys(c.claims), 'iat', 'exp'].join(), c.name);
    }
  });

  test('every open vector opens to its claims or fails with its code (field token)', () => {
    assert.ok(v.open.length > 30);
    for (const c of v.open) {
      const opts = { keys, now: c.now, clockToleranceSeconds: c.tolerance };
      if (c.error) assert.throwsCode(() => openSession(c.token, opts), c.error, 'token');
      else assert.deepEqual(openSession(c.token, opts), c.claims);
    }
  });

  test('claims carrying a session_key in any spelling, or of the wrong shape, are refused when sealing', () => {
    for (const c of v.badClaims) {
      assert.throwsCode(() => sealSession(c.claims, { keys, ttlSeconds: 60 }), 'ERR_INVALID_ARGUMENT', 'claims');
    }
  });

  test('seal then open: iat from now, exp = iat + ttlSeconds, own members kept in order', () => {
    const token = sealSession({ ...claims, roles: ['a'], iat: 1, exp: 2 }, { keys, ttlSeconds: 3600, now: NOW + 0.9 });
    assert.ok(token.startsWith('eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIiwia2lkIjoiMjAyNi0xMSJ9..'), token);
    const got = openSession(token, { keys, now: NOW + 3599 });
    assert.deepEqual(got, { ...claims, roles: ['a'], iat: NOW, exp: NOW + 3600 });
    assert.equal(Object.keys(got).join(), 'sub,appid,sid,ver,roles,iat,exp');
    assert.throwsCode(() => openSession(token, { keys, now: NOW + 3600 }), 'ERR_SESSION_EXPIRED', 'token');
    assert.deepEqual(openSession(token, { keys, now: NOW + 3600, clockToleranceSeconds: 5 }).sub, claims.sub);
  });

  test('every token has a fresh IV', () => {
    const a = sealSession(claims, { keys, ttlSeconds: 60, now: NOW });
    const b = sealSession(claims, { keys, ttlSeconds: 60, now: NOW });
    assert.ok(a !== b, 'two tokens of the same claims are equal');
    assert.ok(a.split('.')[2] !== b.split('.')[2], 'IV reused');
  });

  test('rotation: the first key seals, every key opens, kid picks; a dropped key fails', () => {
    const old = sealSession(claims, { keys: [keys[1]], ttlSeconds: 60, now: NOW });
    assert.equal(openSession(old, { keys, now: NOW }).sub, claims.sub);
    assert.throwsCode(() => openSession(old, { keys: [keys[0]], now: NOW }), 'ERR_SESSION_INVALID', 'token');
    assert.throwsCode(() => openSession(old, { keys: [v.stranger], now: NOW }), 'ERR_SESSION_INVALID', 'token');
  });

  test('a missing or non-string token is ERR_SESSION_INVALID (a 401, not a crash)', () => {
    for (const t of [undefined, null, 42, {}, '', 'a.b.c.d.e', 'x'.repeat(20000)]) {
      assert.throwsCode(() => openSession(t, { keys, now: NOW }), 'ERR_SESSION_INVALID', 'token');
    }
  });

  test('configuration errors are loud: ERR_INVALID_ARGUMENT naming the option', () => {
    const token = sealSession(claims, { keys, ttlSeconds: 60, now: NOW });
    for (const bad of [undefined, [], [{}], [{ id: 'a' }], [{ id: '', secret: keys[0].secret }], [{ id: 'a', secret: 'short' }],
      [keys[0], keys[0]], 'k', Array(17).fill(keys[0])]) {
      assert.throwsCode(() => sealSession(claims, { keys: bad, ttlSeconds: 60 }), 'ERR_INVALID_ARGUMENT', 'keys');
      assert.throwsCode(() => openSession(token, { keys: bad }), 'ERR_INVALID_ARGUMENT', 'keys');
    }
    assert.throwsCode(() => sealSession(claims), 'ERR_INVALID_ARGUMENT', 'keys');
    assert.throwsCode(() => openSession(token), 'ERR_INVALID_ARGUMENT', 'keys');
    for (const ttl of [undefined, 0, -1, 1.5, NaN, '60']) {
      assert.throwsCode(() => sealSession(claims, { keys, ttlSeconds: ttl }), 'ERR_INVALID_ARGUMENT', 'ttlSeconds');
    }
    assert.throwsCode(() => sealSession(claims, { keys, ttlSeconds: 60, now: -1 }), 'ERR_INVALID_ARGUMENT', 'now');
    assert.throwsCode(() => openSession(token, { keys, clockToleranceSeconds: -1 }), 'ERR_INVALID_ARGUMENT', 'clockToleranceSeconds');
    for (const c of [null, 'x', [claims], 5]) {
      assert.throwsCode(() => sealSession(c, { keys, ttlSeconds: 60 }), 'ERR_INVALID_ARGUMENT', 'claims');
    }
    assert.throwsCode(() => sealSession({ ...claims, n: 1n }, { keys, ttlSeconds: 60 }), 'ERR_INVALID_ARGUMENT', 'claims');
    const cyclic = { ...claims };
    cyclic.self = cyclic;
    assert.throwsCode(() => sealSession(cyclic, { keys, ttlSeconds: 60 }), 'ERR_INVALID_ARGUMENT', 'claims');
  });

  test('errors never carry the secret', () => {
    try {
      openSession('a.b.c.d.e', { keys: [{ id: 'k', secret: keys[0].secret }] });
    } catch (e) {
      assert.ok(!e.message.includes(keys[0].secret.slice(0, 8)), 'message has the secret');
      return;
    }
    throw new Error('no error');
  });

  if (jose) {
    const secret = (k) => {
      const b64 = k.secret.replaceAll('-', '+').replaceAll('_', '/').replace(/=+$/, '');
      const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
      return Uint8Array.from(bin, (ch) => ch.charCodeAt(0));
    };
    test('jose opens our tokens (jwtDecrypt, dir + A256GCM)', async () => {
      const token = sealSession({ ...claims, own: { x: [1, 'é'] } }, { keys, ttlSeconds: 600, now: Date.now() / 1000 });
      const { payload, protectedHeader } = await jose.jwtDecrypt(token, secret(keys[0]));
      assert.deepEqual(protectedHeader, { alg: 'dir', enc: 'A256GCM', kid: keys[0].id });
      assert.deepEqual(payload, openSession(token, { keys }));
      assert.equal(payload.exp - payload.iat, 600);
    });
    test('we open jose tokens (EncryptJWT with a random IV), under the first and an older key', async () => {
      for (const k of keys) {
        const token = await new jose.EncryptJWT({ ...claims, unionid: 'u1' })
          .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', kid: k.id })
          .setIssuedAt()
          .setExpirationTime('2h')
          .encrypt(secret(k));
        const got = openSession(token, { keys });
        assert.equal(got.sub, claims.sub);
        assert.equal(got.unionid, 'u1');
        assert.equal(got.exp - got.iat, 7200);
      }
    });
    test('jose and we agree on expiry', async () => {
      const token = sealSession(claims, { keys, ttlSeconds: 60, now: NOW });
      let joseCode;
      try {
        await jose.jwtDecrypt(token, secret(keys[0]), { currentDate: new Date((NOW + 60) * 1000) });
      } catch (e) {
        joseCode = e.code;
      }
      assert.equal(joseCode, 'ERR_JWT_EXPIRED');
      assert.throwsCode(() => openSession(token, { keys, now: NOW + 60 }), 'ERR_SESSION_EXPIRED');
      const ok = await jose.jwtDecrypt(token, secret(keys[0]), { currentDate: new Date((NOW + 59) * 1000) });
      assert.equal(ok.payload.sub, openSession(token, { keys, now: NOW + 59 }).sub);
    });
  }
  return list;
}

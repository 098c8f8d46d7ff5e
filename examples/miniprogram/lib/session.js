// The mini program's login module: wx.login -> POST /login, the server's token in storage (a sealed
// session, about 300 characters, opaque to the client: only the server can read it),
// and the calls that send open data to the server. Written against an injected `wx` so it runs in
// the mini program (pass the global wx) and under node:test (pass a simulated one).
//
// The session_key never reaches the client: the server keeps it and gives us a token instead.

const TOKEN_KEY = 'sessionToken';

class ServerError extends Error {
  constructor(status, body) {
    super((body && body.message) || `HTTP ${status}`);
    this.name = 'ServerError';
    this.status = status;
    this.code = (body && body.code) || 'ERR_HTTP';
    for (const k of ['field', 'errcode', 'retryable', 'relogin']) if (body && body[k] !== undefined) this[k] = body[k];
  }
}

// wx.* callback APIs as promises.
const call = (fn, options = {}) =>
  new Promise((resolve, reject) => fn(Object.assign({}, options, { success: resolve, fail: reject })));

function createSession(wx, { apiBase }) {
  function request(method, path, data, { auth = true, header = {} } = {}) {
    const token = wx.getStorageSync(TOKEN_KEY);
    const headers = Object.assign({ 'content-type': 'application/json' }, header);
    if (auth && token) headers.authorization = `Bearer ${token}`;
    return call(wx.request, { url: apiBase + path, method, data, header: headers })
      .catch((err) => {
        throw Object.assign(new ServerError(0, { code: 'ERR_NETWORK', message: (err && err.errMsg) || 'request failed' }), { retryable: true });
      })
      .then((res) => {
        if (res.statusCode >= 200 && res.statusCode < 300 && res.data && res.data.ok) return res.data;
        const err = new ServerError(res.statusCode, res.data);
        // The server says our session (or its session_key) is gone: log in again right away so the
        // user's next tap works. Data already encrypted under the old key cannot be reused.
        if (err.relogin) wx.removeStorageSync(TOKEN_KEY);
        throw err;
      });
  }

  async function login() {
    const { code } = await call(wx.login);
    const body = await request('POST', '/login', { code }, { auth: false });
    wx.setStorageSync(TOKEN_KEY, body.token);
    return body.user;
  }

  /** Log in when there is no token or WeChat's login state expired (wx.checkSession fails). */
  async function ensureLogin() {
    if (wx.getStorageSync(TOKEN_KEY)) {
      const alive = await call(wx.checkSession).then(() => true, () => false);
      if (alive) return null;
    }
    return login();
  }

  return {
    request,
    login,
    ensureLogin,
    hasToken: () => Boolean(wx.getStorageSync(TOKEN_KEY)),
    /** Legacy wx.getUserInfo result ({ rawData, signature, encryptedData, iv }). */
    submitUserInfo(res) {
      const { rawData, signature, encryptedData, iv } = res;
      return request('POST', '/user/profile', { rawData, signature, encryptedData, iv }).then((b) => b.user);
    },
    /** Avatar/nickname fill-in: chooseAvatar's avatarUrl and <input type="nickname">'s value. */
    saveProfile({ nickName, avatarUrl }) {
      return request('POST', '/user/profile', { nickName, avatarUrl }).then((b) => b.user);
    },
    /**
     * The getPhoneNumber button's event detail. Sends `code` (current flow) when present, else the
     * legacy encryptedData/iv. `legacy: true` forces the encryptedData flow.
     */
    submitPhone(detail, { legacy = false } = {}) {
      if (!detail || detail.errMsg !== 'getPhoneNumber:ok') {
        return Promise.reject(new ServerError(0, { code: 'ERR_USER_DENIED', message: (detail && detail.errMsg) || 'no phone number' }));
      }
      const data = detail.code && !legacy ? { code: detail.code } : { encryptedData: detail.encryptedData, iv: detail.iv };
      return request('POST', '/user/phone', data).then((b) => b.user);
    },
    /** wx.getWeRunData result. */
    submitWeRun(res) {
      return request('POST', '/user/werun', { encryptedData: res.encryptedData, iv: res.iv });
    },
    me() {
      return request('GET', '/user/me').then((b) => b.user);
    },
  };
}

module.exports = { createSession, ServerError, TOKEN_KEY };

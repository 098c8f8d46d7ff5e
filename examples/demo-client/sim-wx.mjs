// A simulated `wx` for one user of one mini program. The WeChat-side APIs (wx.login,
// wx.getUserInfo, the getPhoneNumber button, wx.getWeRunData) are answered by the mock WeChat's
// /__mock endpoints, exactly as the WeChat app would answer them; wx.request goes to your server
// over real HTTP; wx.showModal is recorded so the transcript can print the prompt the user sees.
export function createSimWx({ mockUrl, appid, user, fetch = globalThis.fetch }) {
  const storage = new Map();
  const modals = [];
  const responses = []; // every response body text the mini program received from the server
  const mock = async (api, extra = {}) => {
    const res = await fetch(`${mockUrl}/__mock/${api}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ appid, user, ...extra }),
    });
    const body = await res.json();
    if (!res.ok) throw new Error(`mock-wechat ${api}: ${body.error}`);
    return body;
  };
  const cb = (promise, { success, fail, complete }) =>
    promise.then(
      (v) => {
        if (/:ok$/.test(v.errMsg ?? ':ok')) success?.(v);
        else fail?.(v);
        complete?.();
      },
      (e) => {
        fail?.({ errMsg: String(e.message ?? e) });
        complete?.();
      },
    );

  const wx = {
    appid,
    user,
    modals,
    responses,
    getStorageSync: (k) => (storage.has(k) ? storage.get(k) : ''),
    setStorageSync: (k, v) => storage.set(k, v),
    removeStorageSync: (k) => storage.delete(k),
    login: (o) => cb(mock('wx.login', o.rotate === false ? { rotate: false } : {}), o),
    checkSession: (o) => cb(Promise.resolve({ errMsg: 'checkSession:ok' }), o),
    getUserInfo: (o) => cb(mock('wx.getUserInfo'), o),
    getWeRunData: (o) => cb(mock('wx.getWeRunData'), o),
    /** The getPhoneNumber button's bindgetphonenumber event detail. */
    phoneButton: ({ deny = false } = {}) => mock('getPhoneNumber', deny ? { deny: true } : {}),
    request: ({ url, method = 'GET', data, header = {}, success, fail }) => {
      const isJson = /json/.test(header['content-type'] ?? 'application/json');
      const init = { method, headers: header };
      if (method !== 'GET' && data !== undefined) init.body = isJson ? JSON.stringify(data) : new URLSearchParams(data).toString();
      fetch(url, init)
        .then(async (res) => {
          const text = await res.text();
          responses.push(text);
          let body = text;
          try {
            body = JSON.parse(text);
          } catch {}
          success({ statusCode: res.status, data: body, header: Object.fromEntries(res.headers) });
        })
        .catch((e) => fail({ errMsg: `request:fail ${e.message}` }));
    },
    showModal: (o) => {
      modals.push(o.content);
      o.success?.({ confirm: true });
      o.complete?.();
    },
  };
  wx.call = (api, extra = {}) => new Promise((resolve, reject) => wx[api]({ ...extra, success: resolve, fail: reject }));
  return wx;
}

// A simulated `wx` for node:test: storage in a Map, wx.login handing out codes, wx.request routed to
// an in-process handler (method, path, data, headers) -> { statusCode, data }, and every
// wx.showModal recorded.
function createFakeWx({ handler, checkSessionOk = true, loginFails = false } = {}) {
  const storage = new Map();
  const modals = [];
  const requests = [];
  let codes = 0;
  const later = (fn) => setImmediate(fn);
  const wx = {
    modals,
    requests,
    getStorageSync: (k) => (storage.has(k) ? storage.get(k) : ''),
    setStorageSync: (k, v) => storage.set(k, v),
    removeStorageSync: (k) => storage.delete(k),
    login: ({ success, fail }) => later(() => (loginFails ? fail({ errMsg: 'login:fail' }) : success({ errMsg: 'login:ok', code: `code-${++codes}` }))),
    checkSession: ({ success, fail }) => later(() => (wx.checkSessionOk ? success({ errMsg: 'checkSession:ok' }) : fail({ errMsg: 'checkSession:fail' }))),
    checkSessionOk,
    request: ({ url, method, data, header, success, fail }) => {
      const u = new URL(url);
      requests.push({ method, path: u.pathname, data, header });
      later(() => {
        if (!handler) return fail({ errMsg: 'request:fail' });
        Promise.resolve(handler(method, u.pathname, data, header)).then(success, () => fail({ errMsg: 'request:fail timeout' }));
      });
    },
    showModal: (opts) => {
      modals.push(opts.content);
      later(() => {
        if (opts.success) opts.success({ confirm: true });
        if (opts.complete) opts.complete();
      });
    },
    getWeRunData: ({ success }) => later(() => success({ errMsg: 'getWeRunData:ok', encryptedData: 'ZW5j', iv: 'aXY=' })),
  };
  return wx;
}

module.exports = { createFakeWx };

// What the mini program tells the user for each server error code (wx.showModal content).
// The server answers every error as { ok: false, code, message, errcode?, retryable?, relogin? }.
const NOT_AUTHORIZED = '您还未授权登录,请前往授权';
const LOGIN_FAILED = '获取用户登录状态失败,请稍后再试';
const RATE_LIMITED = '操作太频繁,请一分钟后再试';
const BUSY = '微信服务繁忙,请稍后重试';
const BLOCKED = '您的微信账号存在安全风险,暂时无法登录';

/** The modal text for an error thrown by lib/session.js (or any object with code/errcode/retryable). */
function promptFor(err) {
  const code = err && err.code;
  if (code === 'ERR_UNAUTHORIZED' || code === 'ERR_USER_DENIED') return NOT_AUTHORIZED;
  if (code === 'ERR_WX_API' && err.errcode === 45011) return RATE_LIMITED;
  if (code === 'ERR_WX_API' && err.errcode === 40226) return BLOCKED;
  if ((err && err.retryable) || code === 'ERR_NETWORK') return BUSY;
  // Stale session_key (ERR_DECRYPT_FAILED), damaged base64, an invalid or used code, a bad signature,
  // an expired watermark: the user can only log in again, which the session module already started.
  return LOGIN_FAILED;
}

/** Show the prompt the way the pages do; resolves to the text shown. */
function showError(wx, err) {
  const content = promptFor(err);
  return new Promise((resolve) => {
    wx.showModal({ title: '提示', content, showCancel: false, complete: () => resolve(content) });
  });
}

module.exports = { promptFor, showError, NOT_AUTHORIZED, LOGIN_FAILED, RATE_LIMITED, BUSY, BLOCKED };

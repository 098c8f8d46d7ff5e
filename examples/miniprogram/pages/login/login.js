// Login page: phone number button, avatar/nickname fill-in, WeRun sync. Every failure is shown with
// the prompt lib/prompts.js maps from the server's error code.
const { showError } = require('../../lib/prompts');

const app = getApp();

Page({
  data: { user: null, avatarUrl: '', nickName: '', steps: null },

  onShow() {
    app.session
      .ensureLogin()
      .then(() => app.session.me())
      .then((user) => this.setData({ user }))
      .catch((err) => showError(wx, err));
  },

  // <button open-type="getPhoneNumber">: e.detail has `code` (send it; the server asks WeChat for
  // the number) and, on older base libraries, encryptedData/iv. A refusal is errMsg "...fail user deny".
  onGetPhoneNumber(e) {
    app.session
      .ensureLogin()
      .then(() => app.session.submitPhone(e.detail))
      .then((user) => this.setData({ user }))
      .catch((err) => showError(wx, err));
  },

  // Profile data is no longer given by wx.getUserInfo (it answers "微信用户" and a grey avatar):
  // the user picks an avatar and types a nickname, and we store what they chose.
  onChooseAvatar(e) {
    this.setData({ avatarUrl: e.detail.avatarUrl });
  },
  onNickname(e) {
    this.setData({ nickName: e.detail.value });
  },
  onSaveProfile() {
    // A real app uploads the avatar (wx.uploadFile) and stores the uploaded URL; the local temp path
    // is only meaningful on this device.
    app.session
      .saveProfile({ nickName: this.data.nickName, avatarUrl: this.data.avatarUrl })
      .then((user) => this.setData({ user }))
      .catch((err) => showError(wx, err));
  },

  onWeRun() {
    app.session
      .ensureLogin()
      .then(() => new Promise((resolve, reject) => wx.getWeRunData({ success: resolve, fail: reject })))
      .then((res) => app.session.submitWeRun(res))
      .then((body) => this.setData({ steps: body.today }))
      .catch((err) => showError(wx, err.code ? err : { code: 'ERR_USER_DENIED' }));
  },
});

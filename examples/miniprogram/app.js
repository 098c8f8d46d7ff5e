const config = require('./config');
const { createSession } = require('./lib/session');
const { showError } = require('./lib/prompts');

App({
  globalData: { user: null },
  onLaunch() {
    this.session = createSession(wx, config);
    // Log in silently at launch; pages call session.ensureLogin() again before sending open data.
    this.session
      .ensureLogin()
      .then((user) => {
        if (user) this.globalData.user = user;
      })
      .catch((err) => showError(wx, err));
  },
});

// Where the mini program finds your server. In the simulator, 127.0.0.1 works with "不校验合法域名"
// checked; a real device needs an HTTPS domain registered in the mini program's admin console.
module.exports = {
  apiBase: 'http://127.0.0.1:3000',
};

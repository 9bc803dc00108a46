/** @module The sandbox's H5 demo page: web authorization, `/api/auth/me` and `wx.config`, in plain HTML. */

/**
 * Reads the session from the fragment `/oauth/callback` redirected to, keeps it in sessionStorage and
 * removes it from the address bar (so it is never in a later URL, Referer or signed page URL).
 */
export const H5_DEMO_PAGE = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>wegate H5 demo</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem}
dt{font-weight:600}code{word-break:break-all}</style>
</head>
<body>
<h1>wegate H5 demo</h1>
<p id="login"><a id="login-link" href="/oauth/authorize?scope=snsapi_userinfo&amp;redirect=/demo/h5">Log in with WeChat</a>
 · <a href="/oauth/authorize?scope=snsapi_base&amp;redirect=/demo/h5">silently (snsapi_base)</a></p>
<section id="user" hidden>
<dl><dt>user</dt><dd id="user-id"></dd><dt>openid</dt><dd><code id="openid"></code></dd>
<dt>unionid</dt><dd><code id="unionid"></code></dd></dl>
<p><button id="logout">Log out</button></p>
<p>JS-SDK: <span id="jssdk">loading…</span> <span id="share"></span></p>
</section>
<script>
(function () {
  'use strict';
  var KEY = 'wegate.demo.token';
  var fragment = new URLSearchParams(location.hash.slice(1));
  if (fragment.get('token')) {
    sessionStorage.setItem(KEY, fragment.get('token'));
    history.replaceState(null, '', location.pathname + location.search);
  }
  var token = sessionStorage.getItem(KEY);
  var $ = function (id) { return document.getElementById(id); };
  $('logout').onclick = function () { sessionStorage.removeItem(KEY); location.reload(); };
  if (!token) return;
  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement('script');
      s.src = src; s.onload = resolve; s.onerror = reject;
      document.head.appendChild(s);
    });
  }
  function configure() {
    var page = location.href.split('#')[0];
    return fetch('/jssdk/config?url=' + encodeURIComponent(page)).then(function (r) { return r.json(); })
      .then(function (answer) {
        if (answer.code !== 0) throw new Error(answer.message);
        var c = answer.data;
        wx.config({ debug: false, appId: c.appId, timestamp: c.timestamp, nonceStr: c.nonceStr,
          signature: c.signature, jsApiList: ['updateAppMessageShareData'] });
        wx.ready(function () {
          $('jssdk').textContent = 'wx.config ok';
          wx.updateAppMessageShareData({ title: 'wegate', desc: 'H5 demo', link: page, imgUrl: '',
            success: function () { $('share').textContent = '(share data set)'; } });
        });
        wx.error(function (res) { $('jssdk').textContent = 'wx.error: ' + res.errMsg; });
      });
  }
  fetch('/api/auth/me', { headers: { authorization: 'Bearer ' + token } })
    .then(function (r) { return r.json(); })
    .then(function (answer) {
      if (answer.code !== 0) { sessionStorage.removeItem(KEY); return; }
      $('login').hidden = true;
      $('user').hidden = false;
      $('user-id').textContent = answer.data.id;
      $('openid').textContent = answer.data.openid;
      $('unionid').textContent = answer.data.unionid || '(none: snsapi_base)';
      return loadScript('/__emulator/jweixin.js').then(configure);
    })
    .catch(function (e) { $('jssdk').textContent = 'error: ' + e.message; });
})();
</script>
</body>
</html>
`;

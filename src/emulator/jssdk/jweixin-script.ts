/** @module The source of the emulator's stand-in for WeChat's `jweixin.js` (served as is, no build step). */

/**
 * `wx.config` posts what WeChat's client would check (appId, timestamp, nonceStr, signature and the page
 * URL without its fragment) to the emulator that served this script; `wx.ready` / `wx.error` fire on the
 * answer. The share and check APIs succeed only after a valid config, like the real client.
 */
export const JWEIXIN_SCRIPT = `(function () {
  'use strict';
  var script = document.currentScript;
  var base = script && script.src ? script.src.replace(/\\/__emulator\\/jweixin\\.js(\\?.*)?$/, '') : '';
  var KNOWN = ['checkJsApi', 'updateAppMessageShareData', 'updateTimelineShareData', 'onMenuShareTimeline',
    'onMenuShareAppMessage', 'chooseImage', 'scanQRCode', 'getLocation', 'closeWindow', 'chooseWXPay'];
  var state = 'idle';
  var lastError = null;
  var allowed = [];
  var onReady = [];
  var onError = [];
  var waiting = [];
  function call(fn, arg) {
    if (typeof fn !== 'function') return;
    try { fn(arg); } catch (e) { setTimeout(function () { throw e; }); }
  }
  function settle(ok, errMsg) {
    state = ok ? 'ok' : 'error';
    lastError = ok ? null : { errMsg: errMsg };
    var list = ok ? onReady : onError;
    onReady = [];
    onError = [];
    list.forEach(function (fn) { call(fn, lastError || undefined); });
    var queued = waiting;
    waiting = [];
    queued.forEach(function (run) { run(); });
  }
  function api(name, options, extra) {
    var o = options || {};
    function run() {
      var permitted = state === 'ok' && (name === 'checkJsApi' || allowed.indexOf(name) !== -1);
      var res = permitted ? (extra ? extra(o) : {}) : {};
      res.errMsg = name + (permitted ? ':ok' : ':permission denied');
      call(permitted ? o.success : o.fail, res);
      call(o.complete, res);
    }
    if (state === 'pending') waiting.push(run); else run();
  }
  var wx = {
    config: function (c) {
      c = c || {};
      state = 'pending';
      allowed = Array.isArray(c.jsApiList) ? c.jsApiList.slice() : [];
      var body = { appId: c.appId, timestamp: c.timestamp, nonceStr: c.nonceStr, signature: c.signature,
        url: location.href.split('#')[0] };
      fetch(base + '/__emulator/jssdk/verify', { method: 'POST', headers: { 'content-type': 'text/plain' },
        body: JSON.stringify(body) })
        .then(function (r) { return r.json(); })
        .then(function (a) { settle(a.ok === true, a.errMsg); },
          function () { settle(false, 'config:network error'); });
    },
    ready: function (fn) { if (state === 'ok') call(fn); else onReady.push(fn); },
    error: function (fn) { if (state === 'error') call(fn, lastError); else onError.push(fn); },
    checkJsApi: function (o) {
      api('checkJsApi', o, function (opts) {
        var result = {};
        (opts.jsApiList || []).forEach(function (n) { result[n] = KNOWN.indexOf(n) !== -1; });
        return { checkResult: result };
      });
    },
    updateAppMessageShareData: function (o) { api('updateAppMessageShareData', o); },
    updateTimelineShareData: function (o) { api('updateTimelineShareData', o); }
  };
  window.wx = wx;
  window.jWeixin = wx;
})();
`;

/** @module GET /sns/auth — whether a web access_token is valid for an openid (检验授权凭证). */
import { OAuthErrcode, oauthError } from '../../oauth/oauth-errcodes.js';
import { grantOf, identifyByWebToken } from '../../oauth/identify-web-token.js';
import { defineWeChatRoute } from '../../pipeline/wechat-route.js';

/** This one answers `{"errcode":0,"errmsg":"ok"}` on success, unlike the other /sns calls. */
export const snsAuth = defineWeChatRoute({
  method: 'GET',
  path: '/sns/auth',
  identify: identifyByWebToken,
  handle: (call) =>
    call.query['openid'] === grantOf(call).openid
      ? { errcode: 0, errmsg: 'ok' }
      : oauthError(OAuthErrcode.InvalidOpenid),
});

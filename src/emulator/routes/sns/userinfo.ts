/** @module GET /sns/userinfo — the profile behind a snsapi_userinfo web token (拉取用户信息). */
import { OAuthErrcode, oauthError } from '../../oauth/oauth-errcodes.js';
import { grantOf, identifyByWebToken } from '../../oauth/identify-web-token.js';
import { defineWeChatRoute } from '../../pipeline/wechat-route.js';

/** Since 2021 WeChat answers sex 0 and empty places; the nickname is derived from the openid here. */
export const snsUserinfo = defineWeChatRoute({
  method: 'GET',
  path: '/sns/userinfo',
  identify: identifyByWebToken,
  handle: (call) => {
    const grant = grantOf(call);
    if (grant.scope !== 'snsapi_userinfo') return oauthError(OAuthErrcode.ApiUnauthorized);
    if (call.query['openid'] !== grant.openid) return oauthError(OAuthErrcode.InvalidOpenid);
    return {
      openid: grant.openid,
      nickname: `微信用户${grant.openid.slice(-4)}`,
      sex: 0,
      language: '',
      city: '',
      province: '',
      country: '',
      headimgurl: '',
      privilege: [],
      unionid: grant.unionid,
    };
  },
});

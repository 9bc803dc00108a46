/** @module GET /sns/oauth2/access_token — a consent code traded for the user's web access_token (网页授权). */
import { OAuthErrcode, oauthError } from '../../../oauth/oauth-errcodes.js';
import { defineWeChatRoute } from '../../../pipeline/wechat-route.js';
import { identifyByQuerySecret } from '../../identify-by-secret.js';

/** unionid only for snsapi_userinfo grants; success carries no errcode. */
export const snsOauth2AccessToken = defineWeChatRoute({
  method: 'GET',
  path: '/sns/oauth2/access_token',
  identify: identifyByQuerySecret,
  handle: ({ world, appid, query }) => {
    const code = query['code'];
    if (code === undefined || code === '') return oauthError(OAuthErrcode.CodeMissing);
    const result = world.oauth.redeemCode(appid, code);
    return result.ok ? result.value : oauthError(result.errcode);
  },
});

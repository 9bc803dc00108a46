/** @module GET /sns/oauth2/refresh_token — a new web access_token for a refresh_token (刷新access_token). */
import { WxErrcode } from '../../../errcodes.js';
import { oauthError } from '../../../oauth/oauth-errcodes.js';
import { defineWeChatRoute, type CallInput, type Identity } from '../../../pipeline/wechat-route.js';
import { wxError } from '../../../wx-error.js';

/** No secret here: WeChat identifies the app by appid and trusts the refresh_token. */
function identifyByAppid({ world, query }: CallInput): Identity {
  if (query['grant_type'] !== 'refresh_token') return { error: wxError(WxErrcode.InvalidGrantType) };
  const appid = query['appid'];
  if (appid === undefined || appid === '') return { error: wxError(WxErrcode.AppidMissing) };
  return world.apps.get(appid) ? { appid } : { error: wxError(WxErrcode.InvalidAppid) };
}

export const snsOauth2RefreshToken = defineWeChatRoute({
  method: 'GET',
  path: '/sns/oauth2/refresh_token',
  identify: identifyByAppid,
  handle: ({ world, appid, query }) => {
    const result = world.oauth.refresh(appid, query['refresh_token'] ?? '');
    return result.ok ? result.value : oauthError(result.errcode);
  },
});

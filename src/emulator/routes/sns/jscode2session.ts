/** @module GET /sns/jscode2session — Mini Program login (小程序登录, code2Session). */
import { WxErrcode } from '../../errcodes.js';
import { MpErrcode, mpError } from '../../mini-program/mp-errcodes.js';
import type { CallInput, Identity } from '../../pipeline/wechat-route.js';
import { defineWeChatRoute } from '../../pipeline/wechat-route.js';
import { wxError } from '../../wx-error.js';

/** grant_type → 40002, appid missing → 41002 / unknown → 40013, secret missing → 41004 / wrong → 40125. */
function identifyByQuerySecret({ world, query }: CallInput): Identity {
  const { appid, secret, grant_type } = query;
  if (grant_type !== 'authorization_code') return { error: wxError(WxErrcode.InvalidGrantType) };
  if (appid === undefined || appid === '') return { error: wxError(WxErrcode.AppidMissing) };
  const app = world.apps.get(appid);
  if (!app) return { error: wxError(WxErrcode.InvalidAppid) };
  if (secret === undefined || secret === '') return { appid, error: wxError(WxErrcode.AppsecretMissing) };
  if (secret !== app.secret) return { appid, error: wxError(WxErrcode.InvalidAppsecret) };
  return { appid };
}

/** Success carries no errcode, as on the real service; unionid is there because every app shares one account. */
export const snsJscode2session = defineWeChatRoute({
  method: 'GET',
  path: '/sns/jscode2session',
  identify: identifyByQuerySecret,
  handle: ({ world, appid, query }) => {
    const code = query['js_code'];
    if (code === undefined || code === '') return mpError(MpErrcode.CodeMissing);
    const result = world.miniProgram.redeemLogin(appid, code);
    if (!result.ok) return mpError(result.errcode);
    const { openid, sessionKey, unionid } = result.value;
    return { openid, session_key: sessionKey, unionid };
  },
});

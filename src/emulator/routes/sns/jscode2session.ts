/** @module GET /sns/jscode2session — Mini Program login (小程序登录, code2Session). */
import { MpErrcode, mpError } from '../../mini-program/mp-errcodes.js';
import { defineWeChatRoute } from '../../pipeline/wechat-route.js';
import { identifyByQuerySecret } from '../identify-by-secret.js';

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

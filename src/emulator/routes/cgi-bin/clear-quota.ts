/** @module POST /cgi-bin/clear_quota — reset the app's daily API counters (重置 API 调用次数). */
import { WxErrcode } from '../../errcodes.js';
import { defineWeChatRoute } from '../../pipeline/wechat-route.js';
import { wxError } from '../../wx-error.js';

/** The body's appid must be the token's own app (41002 missing, 40013 another app). */
export const cgiBinClearQuota = defineWeChatRoute({
  method: 'POST',
  path: '/cgi-bin/clear_quota',
  identify: 'access_token',
  handle: ({ world, appid, body }) => {
    const target = (body as { appid?: unknown }).appid;
    if (typeof target !== 'string' || target === '') return wxError(WxErrcode.AppidMissing);
    if (target !== appid) return wxError(WxErrcode.InvalidAppid);
    world.quotas.clear(appid);
    return { errcode: 0, errmsg: 'ok' };
  },
});

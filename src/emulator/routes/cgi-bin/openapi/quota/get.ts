/** @module POST /cgi-bin/openapi/quota/get — an API's daily quota for the calling app (查询 API 调用额度). */
import { WxErrcode } from '../../../../errcodes.js';
import { defineWeChatRoute } from '../../../../pipeline/wechat-route.js';
import { wxError } from '../../../../wx-error.js';

export const cgiBinOpenapiQuotaGet = defineWeChatRoute({
  method: 'POST',
  path: '/cgi-bin/openapi/quota/get',
  identify: 'access_token',
  handle: ({ world, appid, body }) => {
    const cgiPath = (body as { cgi_path?: unknown }).cgi_path;
    if (typeof cgiPath !== 'string' || cgiPath === '') return wxError(WxErrcode.CgiPathNotFound);
    return { errcode: 0, errmsg: 'ok', quota: world.quotas.usage(appid, cgiPath) };
  },
});

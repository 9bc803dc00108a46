/** @module GET /cgi-bin/ticket/getticket — jsapi_ticket / wx_card api_ticket (获取 JS-SDK 票据). */
import { WxErrcode } from '../../../errcodes.js';
import { defineWeChatRoute } from '../../../pipeline/wechat-route.js';
import { wxError } from '../../../wx-error.js';

const TICKET_TYPES = new Set(['jsapi', 'wx_card']);

/** The same ticket while it has more than 5 minutes left; an unknown `type` answers 40097. */
export const cgiBinTicketGetticket = defineWeChatRoute({
  method: 'GET',
  path: '/cgi-bin/ticket/getticket',
  identify: 'access_token',
  handle: ({ world, appid, query }) => {
    const type = query['type'] ?? 'jsapi';
    if (!TICKET_TYPES.has(type)) return wxError(WxErrcode.InvalidArgs);
    const issued = world.tickets.issue(appid, type as 'jsapi' | 'wx_card');
    return { errcode: 0, errmsg: 'ok', ...issued };
  },
});

/** @module POST /cgi-bin/menu/delconditional — deletes one conditional menu by menuid (65301 when unknown). */
import { fieldsOf } from '../../../messaging/check-message.js';
import { OaErrcode, oaError, OK } from '../../../official-account/oa-errcodes.js';
import { defineWeChatRoute } from '../../../pipeline/wechat-route.js';

export const cgiBinMenuDelconditional = defineWeChatRoute({
  method: 'POST',
  path: '/cgi-bin/menu/delconditional',
  identify: 'access_token',
  handle: ({ world, appid, body }) => {
    const menuid = Number(fieldsOf(body)['menuid']);
    if (!Number.isInteger(menuid) || !world.menus.delConditional(appid, menuid)) {
      return oaError(OaErrcode.ConditionalMenuNotExist);
    }
    return { ...OK };
  },
});

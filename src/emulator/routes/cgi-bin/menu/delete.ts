/** @module GET /cgi-bin/menu/delete — deletes the default menu and every conditional menu. */
import { OK } from '../../../official-account/oa-errcodes.js';
import { defineWeChatRoute } from '../../../pipeline/wechat-route.js';

export const cgiBinMenuDelete = defineWeChatRoute({
  method: 'GET',
  path: '/cgi-bin/menu/delete',
  identify: 'access_token',
  handle: ({ world, appid }) => {
    world.menus.remove(appid);
    return { ...OK };
  },
});

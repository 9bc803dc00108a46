/** @module GET /cgi-bin/menu/get — the default menu and the conditional menus; 46003 when there is none. */
import { viewMenus } from '../../../official-account/menu-view.js';
import { OaErrcode, oaError } from '../../../official-account/oa-errcodes.js';
import { defineWeChatRoute } from '../../../pipeline/wechat-route.js';

export const cgiBinMenuGet = defineWeChatRoute({
  method: 'GET',
  path: '/cgi-bin/menu/get',
  identify: 'access_token',
  handle: ({ world, appid }) => {
    const menus = world.menus.get(appid);
    return menus ? viewMenus(menus) : oaError(OaErrcode.MenuNotExist);
  },
});

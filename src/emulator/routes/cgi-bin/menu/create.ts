/** @module POST /cgi-bin/menu/create — creates the default custom menu (自定义菜单), checked like WeChat checks it. */
import { checkMenu } from '../../../official-account/check-menu.js';
import { OK } from '../../../official-account/oa-errcodes.js';
import { defineWeChatRoute } from '../../../pipeline/wechat-route.js';

export const cgiBinMenuCreate = defineWeChatRoute({
  method: 'POST',
  path: '/cgi-bin/menu/create',
  identify: 'access_token',
  handle: ({ world, appid, body }) => {
    const checked = checkMenu(body);
    if (checked.error) return checked.error;
    world.menus.create(appid, checked.buttons);
    return { ...OK };
  },
});

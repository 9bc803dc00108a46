/** @module GET /cgi-bin/user/info?openid=&lang= — a user's basic information (获取用户基本信息). */
import { defineWeChatRoute } from '../../../pipeline/wechat-route.js';
import { UserErrcode, userError } from '../../../followers/user-errcodes.js';
import { userInfoView } from '../../../followers/user-info-view.js';

export const cgiBinUserInfo = defineWeChatRoute({
  method: 'GET',
  path: '/cgi-bin/user/info',
  identify: 'access_token',
  handle: ({ world, appid, query }) => {
    const openid = query['openid'];
    const state = openid ? world.users.user(appid, openid) : undefined;
    if (!state) return userError(UserErrcode.InvalidOpenid);
    return userInfoView(world, state);
  },
});

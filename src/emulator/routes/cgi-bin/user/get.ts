/** @module GET /cgi-bin/user/get?next_openid= — the followers, 10 000 per page (获取用户列表). */
import { defineWeChatRoute } from '../../../pipeline/wechat-route.js';
import { UserErrcode, userError } from '../../../followers/user-errcodes.js';

/** WeChat: at most 10 000 openids per call. */
export const USER_GET_PAGE = 10_000;

export const cgiBinUserGet = defineWeChatRoute({
  method: 'GET',
  path: '/cgi-bin/user/get',
  identify: 'access_token',
  handle: ({ world, appid, query }) => {
    const followers = world.users.followers(appid);
    const after = query['next_openid'];
    let start = 0;
    if (after !== undefined && after !== '') {
      const at = followers.findIndex((state) => state.openid === after);
      if (at < 0) return userError(UserErrcode.InvalidOpenid);
      start = at + 1;
    }
    const page = followers.slice(start, start + USER_GET_PAGE).map((state) => state.openid);
    // Past the end WeChat answers count 0, no data and an empty next_openid.
    if (page.length === 0) return { total: followers.length, count: 0, next_openid: '' };
    return {
      total: followers.length,
      count: page.length,
      data: { openid: page },
      next_openid: page[page.length - 1],
    };
  },
});

/** @module GET /cgi-bin/tags/get — the account's tags with the number of followers carrying each. */
import { defineWeChatRoute } from '../../../pipeline/wechat-route.js';

export const cgiBinTagsGet = defineWeChatRoute({
  method: 'GET',
  path: '/cgi-bin/tags/get',
  identify: 'access_token',
  handle: ({ world, appid }) => ({ tags: world.tags.list(appid) }),
});

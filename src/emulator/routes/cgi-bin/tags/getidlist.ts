/** @module POST /cgi-bin/tags/getidlist — the tag ids a follower carries (40003 for an unknown openid). */
import { fieldsOf, stringField } from '../../../messaging/check-message.js';
import { OaErrcode, oaError } from '../../../official-account/oa-errcodes.js';
import { defineWeChatRoute } from '../../../pipeline/wechat-route.js';

export const cgiBinTagsGetidlist = defineWeChatRoute({
  method: 'POST',
  path: '/cgi-bin/tags/getidlist',
  identify: 'access_token',
  handle: ({ world, appid, body }) => {
    const openid = stringField(fieldsOf(body), 'openid');
    if (openid === undefined || !world.users.user(appid, openid)) return oaError(OaErrcode.InvalidOpenid);
    return { tagid_list: world.tags.tagsOf(appid, openid) };
  },
});

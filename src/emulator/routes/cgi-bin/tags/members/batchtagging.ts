/** @module POST /cgi-bin/tags/members/batchtagging — tags up to 50 followers at once (45059 past 20 tags a follower). */
import { checkMembers } from '../../../../official-account/check-tags.js';
import { oaError, OK } from '../../../../official-account/oa-errcodes.js';
import { defineWeChatRoute } from '../../../../pipeline/wechat-route.js';

export const cgiBinTagsMembersBatchtagging = defineWeChatRoute({
  method: 'POST',
  path: '/cgi-bin/tags/members/batchtagging',
  identify: 'access_token',
  handle: ({ world, appid, body }) => {
    const checked = checkMembers(world, appid, body);
    if (checked.error) return checked.error;
    const errcode = world.tags.tag(appid, checked.tagid, checked.openids);
    return errcode === 0 ? { ...OK } : oaError(errcode);
  },
});

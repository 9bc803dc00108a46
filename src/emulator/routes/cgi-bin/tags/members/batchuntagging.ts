/** @module POST /cgi-bin/tags/members/batchuntagging — takes a tag off up to 50 followers at once. */
import { checkMembers } from '../../../../official-account/check-tags.js';
import { OK } from '../../../../official-account/oa-errcodes.js';
import { defineWeChatRoute } from '../../../../pipeline/wechat-route.js';

export const cgiBinTagsMembersBatchuntagging = defineWeChatRoute({
  method: 'POST',
  path: '/cgi-bin/tags/members/batchuntagging',
  identify: 'access_token',
  handle: ({ world, appid, body }) => {
    const checked = checkMembers(world, appid, body);
    if (checked.error) return checked.error;
    world.tags.untag(appid, checked.tagid, checked.openids);
    return { ...OK };
  },
});

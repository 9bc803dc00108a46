/** @module POST /cgi-bin/tags/create — creates a user tag (用户标签): ≤ 30 bytes, unique, ≤ 100 per account. */
import { checkTagName, tagOf } from '../../../official-account/check-tags.js';
import { oaError } from '../../../official-account/oa-errcodes.js';
import { defineWeChatRoute } from '../../../pipeline/wechat-route.js';

export const cgiBinTagsCreate = defineWeChatRoute({
  method: 'POST',
  path: '/cgi-bin/tags/create',
  identify: 'access_token',
  handle: ({ world, appid, body }) => {
    const name = tagOf(body)['name'];
    const bad = checkTagName(name);
    if (bad) return bad;
    const created = world.tags.create(appid, name as string);
    return typeof created === 'number' ? oaError(created) : { tag: created };
  },
});

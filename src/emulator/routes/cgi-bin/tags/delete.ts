/** @module POST /cgi-bin/tags/delete — deletes a tag and takes it off its followers. */
import { RESERVED_TAG_MAX, tagIdOf, tagOf } from '../../../official-account/check-tags.js';
import { OaErrcode, oaError, OK } from '../../../official-account/oa-errcodes.js';
import { defineWeChatRoute } from '../../../pipeline/wechat-route.js';

export const cgiBinTagsDelete = defineWeChatRoute({
  method: 'POST',
  path: '/cgi-bin/tags/delete',
  identify: 'access_token',
  handle: ({ world, appid, body }) => {
    const id = tagIdOf(tagOf(body)['id']);
    if (id === undefined) return oaError(OaErrcode.InvalidTagId);
    if (id <= RESERVED_TAG_MAX) return oaError(OaErrcode.ReservedTag);
    return world.tags.remove(appid, id) ? { ...OK } : oaError(OaErrcode.InvalidTagId);
  },
});

/** @module POST /cgi-bin/tags/update — renames a tag (45058 for the system's ids 0–2, 45159 when unknown). */
import { checkTagName, RESERVED_TAG_MAX, tagIdOf, tagOf } from '../../../official-account/check-tags.js';
import { OaErrcode, oaError, OK } from '../../../official-account/oa-errcodes.js';
import { defineWeChatRoute } from '../../../pipeline/wechat-route.js';

export const cgiBinTagsUpdate = defineWeChatRoute({
  method: 'POST',
  path: '/cgi-bin/tags/update',
  identify: 'access_token',
  handle: ({ world, appid, body }) => {
    const tag = tagOf(body);
    const id = tagIdOf(tag['id']);
    if (id === undefined) return oaError(OaErrcode.InvalidTagId);
    if (id <= RESERVED_TAG_MAX) return oaError(OaErrcode.ReservedTag);
    const bad = checkTagName(tag['name']);
    if (bad) return bad;
    const errcode = world.tags.rename(appid, id, tag['name'] as string);
    return errcode === 0 ? { ...OK } : oaError(errcode);
  },
});

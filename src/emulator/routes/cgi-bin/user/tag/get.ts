/** @module POST /cgi-bin/user/tag/get — the followers carrying a tag, 10 000 a page from `next_openid`. */
import { fieldsOf, stringField } from '../../../../messaging/check-message.js';
import { tagIdOf } from '../../../../official-account/check-tags.js';
import { OaErrcode, oaError } from '../../../../official-account/oa-errcodes.js';
import { defineWeChatRoute } from '../../../../pipeline/wechat-route.js';

/** WeChat pulls at most 10 000 openids a call. */
export const TAG_PAGE_SIZE = 10_000;

export const cgiBinUserTagGet = defineWeChatRoute({
  method: 'POST',
  path: '/cgi-bin/user/tag/get',
  identify: 'access_token',
  handle: ({ world, appid, body }) => {
    const fields = fieldsOf(body);
    const tagid = tagIdOf(fields['tagid']);
    if (tagid === undefined || !world.tags.has(appid, tagid)) return oaError(OaErrcode.InvalidTagId);
    const members = world.tags.members(appid, tagid);
    const after = stringField(fields, 'next_openid');
    // next_openid is the last openid of the previous page: this page starts right after it.
    const start = after === undefined ? 0 : members.indexOf(after) + 1;
    if (after !== undefined && start === 0) return oaError(OaErrcode.InvalidOpenid);
    const page = members.slice(start, start + TAG_PAGE_SIZE);
    if (page.length === 0) return { count: 0, next_openid: '' };
    return { count: page.length, data: { openid: page }, next_openid: page.at(-1) };
  },
});

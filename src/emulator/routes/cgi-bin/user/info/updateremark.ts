/** @module POST /cgi-bin/user/info/updateremark — the operator's note on a follower (设置用户备注名). */
import { fieldsOf, stringField } from '../../../../messaging/check-message.js';
import { defineWeChatRoute } from '../../../../pipeline/wechat-route.js';
import { UserErrcode, userError } from '../../../../followers/user-errcodes.js';

/** WeChat: a remark is at most 30 characters. */
export const REMARK_MAX_CHARS = 30;

export const cgiBinUserInfoUpdateremark = defineWeChatRoute({
  method: 'POST',
  path: '/cgi-bin/user/info/updateremark',
  identify: 'access_token',
  handle: ({ world, appid, body }) => {
    const fields = fieldsOf(body);
    const openid = stringField(fields, 'openid');
    const state = openid === undefined ? undefined : world.users.user(appid, openid);
    // Only followers carry a remark.
    if (openid === undefined || !state?.following) return userError(UserErrcode.InvalidOpenid);
    const remark = fields['remark'];
    if (typeof remark !== 'string') return userError(UserErrcode.DataFormatError);
    if ([...remark].length > REMARK_MAX_CHARS) return userError(UserErrcode.InvalidArgs, 'remark too long');
    world.users.annotate(appid, openid, { remark });
    return { errcode: 0, errmsg: 'ok' };
  },
});

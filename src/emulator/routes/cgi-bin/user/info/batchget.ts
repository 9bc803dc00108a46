/** @module POST /cgi-bin/user/info/batchget — basic information of up to 100 users (批量获取用户基本信息). */
import { fieldsOf, stringField } from '../../../../messaging/check-message.js';
import { defineWeChatRoute } from '../../../../pipeline/wechat-route.js';
import { UserErrcode, userError } from '../../../../followers/user-errcodes.js';
import { userInfoView } from '../../../../followers/user-info-view.js';

/** WeChat: at most 100 users per call. */
export const BATCHGET_MAX = 100;

export const cgiBinUserInfoBatchget = defineWeChatRoute({
  method: 'POST',
  path: '/cgi-bin/user/info/batchget',
  identify: 'access_token',
  handle: ({ world, appid, body }) => {
    const list = fieldsOf(body)['user_list'];
    if (!Array.isArray(list) || list.length === 0) return userError(UserErrcode.DataFormatError);
    if (list.length > BATCHGET_MAX) return userError(UserErrcode.InvalidOpenidListSize);
    const views = [];
    for (const item of list) {
      const openid = stringField(fieldsOf(item), 'openid');
      const state = openid === undefined ? undefined : world.users.user(appid, openid);
      // One bad openid fails the whole call, as on WeChat.
      if (!state) return userError(UserErrcode.InvalidOpenid);
      views.push(userInfoView(world, state));
    }
    return { user_info_list: views };
  },
});

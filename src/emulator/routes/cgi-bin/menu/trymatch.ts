/** @module POST /cgi-bin/menu/trymatch — the menu a follower sees: the newest conditional menu matching their tags, else the default. */
import { fieldsOf, stringField } from '../../../messaging/check-message.js';
import { viewButtons } from '../../../official-account/menu-view.js';
import { OaErrcode, oaError } from '../../../official-account/oa-errcodes.js';
import { defineWeChatRoute } from '../../../pipeline/wechat-route.js';

export const cgiBinMenuTrymatch = defineWeChatRoute({
  method: 'POST',
  path: '/cgi-bin/menu/trymatch',
  identify: 'access_token',
  handle: ({ world, appid, body }) => {
    const userId = stringField(fieldsOf(body), 'user_id');
    const user = userId === undefined ? undefined : world.users.user(appid, userId);
    if (!user?.following) return oaError(OaErrcode.NoSuchUser);
    // The simulated user's client platform is unknown here, so platform rules do not match.
    const matched = world.menus.match(appid, { tagIds: world.tags.tagsOf(appid, user.openid) });
    return matched ? { button: viewButtons(matched.button) } : oaError(OaErrcode.MenuNotExist);
  },
});

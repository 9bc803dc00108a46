/** @module POST /cgi-bin/menu/addconditional — a conditional menu (个性化菜单) matched on tag and client platform. */
import { fieldsOf } from '../../../messaging/check-message.js';
import { checkMenu } from '../../../official-account/check-menu.js';
import { MAX_CONDITIONAL_MENUS, type MatchRule } from '../../../official-account/menu-book.js';
import { OaErrcode, oaError } from '../../../official-account/oa-errcodes.js';
import { defineWeChatRoute } from '../../../pipeline/wechat-route.js';

// WeChat stopped matching on personal data: a rule naming any of these is refused with 65320.
const PRIVACY_FIELDS = ['sex', 'country', 'province', 'city', 'language'] as const;

const present = (value: unknown) => (typeof value === 'string' && value !== '') || typeof value === 'number';

/** The rule's matched fields as strings, or undefined when it sets none. */
function readRule(raw: Record<string, unknown>): MatchRule | undefined {
  const tag = raw['tag_id'];
  const platform = raw['client_platform_type'];
  if (!present(tag) && !present(platform)) return undefined;
  return {
    ...(present(tag) ? { tag_id: String(tag) } : {}),
    ...(present(platform) ? { client_platform_type: String(platform) } : {}),
  };
}

export const cgiBinMenuAddconditional = defineWeChatRoute({
  method: 'POST',
  path: '/cgi-bin/menu/addconditional',
  identify: 'access_token',
  handle: ({ world, appid, body }) => {
    const menus = world.menus.get(appid);
    if (!menus) return oaError(OaErrcode.NoDefaultMenu);
    const raw = fieldsOf(fieldsOf(body)['matchrule']);
    if (PRIVACY_FIELDS.some((field) => present(raw[field]))) return oaError(OaErrcode.PrivacyMatchRule);
    const matchrule = readRule(raw);
    if (!matchrule) return oaError(OaErrcode.MatchRuleEmpty);
    const checked = checkMenu(body);
    if (checked.error) return checked.error;
    if (menus.conditional.length >= MAX_CONDITIONAL_MENUS) return oaError(OaErrcode.TooManyConditionalMenus);
    // WeChat answers the new id as a string here (and as a number in menu/get).
    return { menuid: String(world.menus.addConditional(appid, checked.buttons, matchrule)) };
  },
});

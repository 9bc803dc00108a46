/** @module The errcodes of the emulated menu, tag and QR code APIs with WeChat's errmsg texts. */
import { wxError, type WxErrorBody } from '../wx-error.js';

export const OaErrcode = {
  InvalidOpenid: 40003,
  InvalidMediaId: 40007,
  InvalidButtonSize: 40016,
  InvalidButtonType: 40017,
  InvalidButtonNameSize: 40018,
  InvalidButtonKeySize: 40019,
  InvalidButtonUrlSize: 40020,
  InvalidSubButtonSize: 40023,
  InvalidSubButtonType: 40024,
  InvalidSubButtonNameSize: 40025,
  InvalidSubButtonKeySize: 40026,
  InvalidSubButtonUrlSize: 40027,
  InvalidOpenidListSize: 40032,
  InvalidActionName: 40052,
  InvalidActionInfo: 40053,
  InvalidArgs: 40097,
  TooManyTags: 45056,
  ReservedTag: 45058,
  TooManyTagsOnUser: 45059,
  InvalidTagName: 45157,
  TagNameTooLong: 45158,
  InvalidTagId: 45159,
  MenuNotExist: 46003,
  ConditionalMenuNotExist: 65301,
  NoSuchUser: 65302,
  NoDefaultMenu: 65303,
  MatchRuleEmpty: 65304,
  TooManyConditionalMenus: 65305,
  PrivacyMatchRule: 65320,
} as const;

const MESSAGES: Readonly<Record<number, string>> = {
  [OaErrcode.InvalidOpenid]: 'invalid openid',
  [OaErrcode.InvalidMediaId]: 'invalid media_id',
  [OaErrcode.InvalidButtonSize]: 'invalid button size',
  [OaErrcode.InvalidButtonType]: 'invalid button type',
  [OaErrcode.InvalidButtonNameSize]: 'invalid button name size',
  [OaErrcode.InvalidButtonKeySize]: 'invalid button key size',
  [OaErrcode.InvalidButtonUrlSize]: 'invalid button url size',
  [OaErrcode.InvalidSubButtonSize]: 'invalid sub button size',
  [OaErrcode.InvalidSubButtonType]: 'invalid sub button type',
  [OaErrcode.InvalidSubButtonNameSize]: 'invalid sub button name size',
  [OaErrcode.InvalidSubButtonKeySize]: 'invalid sub button key size',
  [OaErrcode.InvalidSubButtonUrlSize]: 'invalid sub button url size',
  [OaErrcode.InvalidOpenidListSize]: 'invalid openid list size',
  [OaErrcode.InvalidActionName]: 'invalid action name',
  [OaErrcode.InvalidActionInfo]: 'invalid action info, please check document',
  [OaErrcode.InvalidArgs]: 'invalid args',
  [OaErrcode.TooManyTags]: 'too many tags',
  [OaErrcode.ReservedTag]: 'can not modify sys tag',
  [OaErrcode.TooManyTagsOnUser]: 'too many tags on user',
  [OaErrcode.InvalidTagName]: 'invalid tag name',
  [OaErrcode.TagNameTooLong]: 'tag name too long',
  [OaErrcode.InvalidTagId]: 'invalid tag id',
  [OaErrcode.MenuNotExist]: 'menu no exist',
  [OaErrcode.ConditionalMenuNotExist]: 'invalid menuid',
  [OaErrcode.NoSuchUser]: 'no such user',
  [OaErrcode.NoDefaultMenu]: 'there is no selfmenu, please create selfmenu first',
  [OaErrcode.MatchRuleEmpty]: 'match rule empty',
  [OaErrcode.TooManyConditionalMenus]: 'conditional menu count limit',
  [OaErrcode.PrivacyMatchRule]: 'matchrule contains privacy info',
};

export function oaError(errcode: number, detail?: string): WxErrorBody {
  const text = MESSAGES[errcode] ?? 'system error';
  return wxError(errcode, detail === undefined ? text : `${text} ${detail}`);
}

/** UTF-8 length: WeChat counts name, key and url limits in bytes (a Chinese character is 3). */
export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

export const OK = { errcode: 0, errmsg: 'ok' } as const;

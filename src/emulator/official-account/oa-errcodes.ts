/** @module The errcodes of the emulated menu, tag and QR code APIs, named from the emulator's one table (../errcodes.ts). */
import { errmsgOf, WxErrcode } from '../errcodes.js';
import { wxError, type WxErrorBody } from '../wx-error.js';

export const OaErrcode = {
  InvalidOpenid: WxErrcode.InvalidOpenid,
  InvalidMediaId: WxErrcode.InvalidMediaId,
  InvalidButtonSize: WxErrcode.InvalidButtonSize,
  InvalidButtonType: WxErrcode.InvalidButtonType,
  InvalidButtonNameSize: WxErrcode.InvalidButtonNameSize,
  InvalidButtonKeySize: WxErrcode.InvalidButtonKeySize,
  InvalidButtonUrlSize: WxErrcode.InvalidButtonUrlSize,
  InvalidSubButtonSize: WxErrcode.InvalidSubButtonSize,
  InvalidSubButtonType: WxErrcode.InvalidSubButtonType,
  InvalidSubButtonNameSize: WxErrcode.InvalidSubButtonNameSize,
  InvalidSubButtonKeySize: WxErrcode.InvalidSubButtonKeySize,
  InvalidSubButtonUrlSize: WxErrcode.InvalidSubButtonUrlSize,
  InvalidOpenidListSize: WxErrcode.InvalidOpenidListSize,
  InvalidActionName: WxErrcode.InvalidActionName,
  InvalidActionInfo: WxErrcode.InvalidActionInfo,
  InvalidArgs: WxErrcode.InvalidArgs,
  TooManyTags: WxErrcode.TooManyTags,
  ReservedTag: WxErrcode.ReservedTag,
  TooManyTagsOnUser: WxErrcode.TooManyTagsOnUser,
  InvalidTagName: WxErrcode.InvalidTagName,
  TagNameTooLong: WxErrcode.TagNameTooLong,
  InvalidTagId: WxErrcode.InvalidTagId,
  MenuNotExist: WxErrcode.MenuNotExist,
  ConditionalMenuNotExist: WxErrcode.ConditionalMenuNotExist,
  NoSuchUser: WxErrcode.NoSuchUser,
  NoDefaultMenu: WxErrcode.NoDefaultMenu,
  MatchRuleEmpty: WxErrcode.MatchRuleEmpty,
  TooManyConditionalMenus: WxErrcode.TooManyConditionalMenus,
  PrivacyMatchRule: WxErrcode.PrivacyMatchRule,
} as const;

export function oaError(errcode: number, detail?: string): WxErrorBody {
  return wxError(errcode, errmsgOf(errcode, detail));
}

/** UTF-8 length: WeChat counts name, key and url limits in bytes (a Chinese character is 3). */
export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

export const OK = { errcode: 0, errmsg: 'ok' } as const;

/** @module The errcodes of the emulated user-management APIs (用户管理) and their errmsg texts. */
import { WxErrcode } from '../errcodes.js';
import { wxError, type WxErrorBody } from '../wx-error.js';

export const UserErrcode = {
  InvalidOpenid: 40003,
  InvalidOpenidListSize: 40032,
  InvalidArgs: WxErrcode.InvalidArgs,
  DataFormatError: WxErrcode.DataFormatError,
} as const;

const MESSAGES: Readonly<Record<number, string>> = {
  [UserErrcode.InvalidOpenid]: 'invalid openid',
  [UserErrcode.InvalidOpenidListSize]: 'invalid openid list size',
  [UserErrcode.InvalidArgs]: 'invalid args',
  [UserErrcode.DataFormatError]: 'data format error',
};

export function userError(errcode: number, detail?: string): WxErrorBody {
  const text = MESSAGES[errcode] ?? 'system error';
  return wxError(errcode, detail === undefined ? text : `${text} ${detail}`);
}

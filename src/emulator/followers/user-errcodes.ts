/** @module The errcodes of the emulated user-management APIs (用户管理), named from the one table (../errcodes.ts). */
import { errmsgOf, WxErrcode } from '../errcodes.js';
import { wxError, type WxErrorBody } from '../wx-error.js';

export const UserErrcode = {
  InvalidOpenid: WxErrcode.InvalidOpenid,
  InvalidOpenidListSize: WxErrcode.InvalidOpenidListSize,
  InvalidArgs: WxErrcode.InvalidArgs,
  DataFormatError: WxErrcode.DataFormatError,
} as const;

export function userError(errcode: number, detail?: string): WxErrorBody {
  return wxError(errcode, errmsgOf(errcode, detail));
}

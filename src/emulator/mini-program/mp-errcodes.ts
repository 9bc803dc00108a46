/** @module The Mini Program login and phone errcodes, named from the emulator's one table (../errcodes.ts). */
import { WxErrcode } from '../errcodes.js';
import { wxError, type WxErrorBody } from '../wx-error.js';

export const MpErrcode = {
  InvalidCode: WxErrcode.InvalidCode,
  CodeUsed: WxErrcode.CodeUsed,
  CodeBlocked: WxErrcode.CodeBlocked,
  CodeMissing: WxErrcode.CodeMissing,
  MinuteQuota: WxErrcode.MinuteQuota,
} as const;

export function mpError(errcode: number): WxErrorBody {
  return wxError(errcode);
}

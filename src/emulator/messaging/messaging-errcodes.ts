/** @module The errcodes of the emulated message APIs, named from the emulator's one table (../errcodes.ts). */
import { errmsgOf, MESSAGE_FREQ_ERRMSG, WxErrcode } from '../errcodes.js';
import { wxError, type WxErrorBody } from '../wx-error.js';

export const MsgErrcode = {
  InvalidOpenid: WxErrcode.InvalidOpenid,
  InvalidMessageType: WxErrcode.InvalidMessageType,
  InvalidTemplateId: WxErrcode.InvalidTemplateId,
  RequireSubscribe: WxErrcode.RequireSubscribe,
  UserRefused: WxErrcode.UserRefused,
  TooFrequent: WxErrcode.MinuteQuota,
  ReplyWindowExpired: WxErrcode.ReplyWindowExpired,
  ArgumentInvalid: WxErrcode.ArgumentInvalid,
} as const;

export function msgError(errcode: number, detail?: string): WxErrorBody {
  if (errcode !== MsgErrcode.TooFrequent) return wxError(errcode, errmsgOf(errcode, detail));
  return wxError(errcode, detail === undefined ? MESSAGE_FREQ_ERRMSG : `${MESSAGE_FREQ_ERRMSG} ${detail}`);
}

/** @module The errcodes of the emulated message APIs and their errmsg texts (kept apart from the client's table). */
import { wxError, type WxErrorBody } from '../wx-error.js';

export const MsgErrcode = {
  InvalidOpenid: 40003,
  InvalidMessageType: 40008,
  InvalidTemplateId: 40037,
  RequireSubscribe: 43004,
  UserRefused: 43101,
  TooFrequent: 45011,
  ReplyWindowExpired: 45015,
  ArgumentInvalid: 47003,
} as const;

const MESSAGES: Readonly<Record<number, string>> = {
  [MsgErrcode.InvalidOpenid]: 'invalid openid',
  [MsgErrcode.InvalidMessageType]: 'invalid message type',
  [MsgErrcode.InvalidTemplateId]: 'invalid template_id',
  [MsgErrcode.RequireSubscribe]: 'require subscribe',
  [MsgErrcode.UserRefused]: 'user refuse to accept the msg',
  [MsgErrcode.TooFrequent]: 'api freq out of limit',
  [MsgErrcode.ReplyWindowExpired]: 'response out of time limit or subscription is canceled',
  [MsgErrcode.ArgumentInvalid]: 'argument invalid!',
};

export function msgError(errcode: number, detail?: string): WxErrorBody {
  const text = MESSAGES[errcode] ?? 'system error';
  return wxError(errcode, detail === undefined ? text : `${text} ${detail}`);
}

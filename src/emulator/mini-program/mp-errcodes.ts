/** @module The Mini Program login and phone errcodes the emulator answers (kept apart from the client's table). */
import { wxError, type WxErrorBody } from '../wx-error.js';

export const MpErrcode = {
  InvalidCode: 40029,
  CodeUsed: 40163,
  CodeBlocked: 40226,
  CodeMissing: 41008,
  MinuteQuota: 45011,
} as const;

const MESSAGES: Readonly<Record<number, string>> = {
  [MpErrcode.InvalidCode]: 'invalid code',
  [MpErrcode.CodeUsed]: 'code been used',
  [MpErrcode.CodeBlocked]: 'code blocked',
  [MpErrcode.CodeMissing]: 'missing code',
  [MpErrcode.MinuteQuota]: 'api minute-quota reach limit  mustslower  retry next minute',
};

export function mpError(errcode: number): WxErrorBody {
  return wxError(errcode, MESSAGES[errcode]);
}

/** @module The web-authorization errcodes, named from the emulator's one table (../errcodes.ts). */
import { WxErrcode } from '../errcodes.js';
import { wxError, type WxErrorBody } from '../wx-error.js';

export const OAuthErrcode = {
  InvalidCredential: WxErrcode.InvalidCredential,
  InvalidOpenid: WxErrcode.InvalidOpenid,
  InvalidCode: WxErrcode.InvalidCode,
  InvalidRefreshToken: WxErrcode.InvalidRefreshToken,
  CodeUsed: WxErrcode.CodeUsed,
  CodeMissing: WxErrcode.CodeMissing,
  AccessTokenExpired: WxErrcode.AccessTokenExpired,
  RefreshTokenExpired: WxErrcode.RefreshTokenExpired,
  CodeExpired: WxErrcode.CodeExpired,
  ApiUnauthorized: WxErrcode.ApiUnauthorized,
} as const;

export function oauthError(errcode: number): WxErrorBody {
  return wxError(errcode);
}

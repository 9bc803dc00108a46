/** @module The web-authorization errcodes the emulator answers (kept apart from the client's table). */
import { wxError, type WxErrorBody } from '../wx-error.js';

export const OAuthErrcode = {
  InvalidCredential: 40001,
  InvalidOpenid: 40003,
  InvalidCode: 40029,
  InvalidRefreshToken: 40030,
  CodeUsed: 40163,
  CodeMissing: 41008,
  AccessTokenExpired: 42001,
  RefreshTokenExpired: 42002,
  CodeExpired: 42003,
  ApiUnauthorized: 48001,
} as const;

const MESSAGES: Readonly<Record<number, string>> = {
  [OAuthErrcode.InvalidCredential]: 'invalid credential, access_token is invalid or not latest',
  [OAuthErrcode.InvalidOpenid]: 'invalid openid',
  [OAuthErrcode.InvalidCode]: 'invalid code',
  [OAuthErrcode.InvalidRefreshToken]: 'invalid refresh_token',
  [OAuthErrcode.CodeUsed]: 'code been used',
  [OAuthErrcode.CodeMissing]: 'missing code',
  [OAuthErrcode.AccessTokenExpired]: 'access_token expired',
  [OAuthErrcode.RefreshTokenExpired]: 'refresh_token expired',
  [OAuthErrcode.CodeExpired]: 'code expired',
  [OAuthErrcode.ApiUnauthorized]: 'api unauthorized',
};

export function oauthError(errcode: number): WxErrorBody {
  return wxError(errcode, MESSAGES[errcode]);
}

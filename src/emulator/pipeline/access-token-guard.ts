/** @module The shared access_token check of every token-protected emulated API. */
import { WxErrcode } from '../errcodes.js';
import { isWellFormedAccessToken } from '../world/credential-string.js';
import type { World } from '../world/world.js';
import { wxError } from '../wx-error.js';
import type { Identity } from './wechat-route.js';

/**
 * Resolves `access_token` to its app, or to WeChat's refusal:
 * missing or empty → 41001; not shaped like a token at all → 40014; well-formed but never issued,
 * superseded (classic overlap over), force-replaced or revoked → 40001; past its 7200 s → 42001.
 */
export function identifyByAccessToken(world: World, token: string | undefined): Identity {
  if (token === undefined || token === '') return { error: wxError(WxErrcode.AccessTokenMissing) };
  if (!isWellFormedAccessToken(token)) return { error: wxError(WxErrcode.InvalidAccessToken) };
  const resolved = world.tokens.resolve(token);
  const appid = resolved.record?.appid;
  if (resolved.status === 'valid' && appid !== undefined && world.apps.get(appid)) return { appid };
  if (resolved.status === 'expired') return { appid, error: wxError(WxErrcode.AccessTokenExpired) };
  return { appid, error: wxError(WxErrcode.InvalidCredential) };
}

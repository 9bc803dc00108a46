/** @module Who calls `/sns/userinfo` and `/sns/auth`: the app behind the user's web access_token. */
import { WxErrcode } from '../errcodes.js';
import type { CallInput, Identity } from '../pipeline/wechat-route.js';
import { wxError } from '../wx-error.js';
import { oauthError } from './oauth-errcodes.js';
import type { OAuthGrant } from './oauth-book.js';

/** 41001 missing, 40001 unknown (an app access_token is unknown here too), 42001 expired. */
export function identifyByWebToken({ world, query }: CallInput): Identity {
  const token = query['access_token'];
  if (token === undefined || token === '') return { error: wxError(WxErrcode.AccessTokenMissing) };
  const result = world.oauth.resolve(token);
  return result.ok ? { appid: result.value.appid } : { error: oauthError(result.errcode) };
}

/** The grant of an identified call (identify already proved the token resolves). */
export function grantOf({ world, query }: CallInput): OAuthGrant {
  const result = world.oauth.resolve(query['access_token'] ?? '');
  if (!result.ok) throw new Error('web token vanished between identify and handle');
  return result.value;
}

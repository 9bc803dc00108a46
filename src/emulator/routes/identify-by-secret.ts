/** @module appid + secret checks shared by cgi-bin/token and cgi-bin/stable_token. */
import { WxErrcode } from '../errcodes.js';
import type { CallInput, Identity } from '../pipeline/wechat-route.js';
import type { World } from '../world/world.js';
import { wxError } from '../wx-error.js';

export interface SecretCredentials {
  readonly grant_type?: unknown;
  readonly appid?: unknown;
  readonly secret?: unknown;
}

/** grant_type → 40002, appid missing → 41002 / unknown → 40013, secret missing → 41004 / wrong → 40125. */
export function identifyBySecret(world: World, credentials: SecretCredentials): Identity {
  const { grant_type, appid, secret } = credentials;
  if (grant_type !== 'client_credential') return { error: wxError(WxErrcode.InvalidGrantType) };
  if (typeof appid !== 'string' || appid === '') return { error: wxError(WxErrcode.AppidMissing) };
  const app = world.apps.get(appid);
  if (!app) return { error: wxError(WxErrcode.InvalidAppid) };
  if (typeof secret !== 'string' || secret === '')
    return { appid, error: wxError(WxErrcode.AppsecretMissing) };
  if (secret !== app.secret) return { appid, error: wxError(WxErrcode.InvalidAppsecret) };
  return { appid };
}

/** The same checks on query parameters, for the `/sns/*` code exchanges (grant_type authorization_code). */
export function identifyByQuerySecret({ world, query }: CallInput): Identity {
  const { appid, secret, grant_type } = query;
  if (grant_type !== 'authorization_code') return { error: wxError(WxErrcode.InvalidGrantType) };
  return identifyBySecret(world, { grant_type: 'client_credential', appid, secret });
}

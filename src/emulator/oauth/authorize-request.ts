/** @module The parameters of `/connect/oauth2/authorize`, checked like WeChat's consent host checks them. */
import type { World } from '../world/world.js';
import type { OAuthScope } from './oauth-book.js';

export interface AuthorizeRequest {
  readonly appid: string;
  readonly appName: string;
  readonly redirectUri: string;
  readonly scope: OAuthScope;
  readonly state?: string;
}

export type AuthorizeCheck =
  { ok: true; value: AuthorizeRequest } | { ok: false; message: string; code?: number };

const SCOPES: readonly string[] = ['snsapi_base', 'snsapi_userinfo'];
const refuse = (message: string, code?: number): AuthorizeCheck =>
  code === undefined ? { ok: false, message } : { ok: false, message, code };

/** The numbered reasons (10003, 10005, 10010–10012) are those WeChat's error page shows. */
export function checkAuthorize(
  world: World,
  query: Readonly<Record<string, string | undefined>>,
): AuthorizeCheck {
  const { appid, redirect_uri: redirectUri, scope, state, response_type: responseType } = query;
  if (!appid) return refuse('appid不能为空', 10012);
  const app = world.apps.get(appid);
  if (!app) return refuse('appid参数错误');
  if (!redirectUri) return refuse('redirect_uri不能为空', 10011);
  if (!/^https?:\/\/[^\s/?#]+[^\s]*$/i.test(redirectUri)) return refuse('redirect_uri参数错误', 10003);
  if (responseType !== 'code') return refuse('response_type参数错误');
  if (!scope) return refuse('scope不能为空', 10010);
  // Only an Official Account has web authorization; a Mini Program appid has no such scope.
  if (!SCOPES.includes(scope) || app.type !== 'official-account') {
    return refuse('此公众号并没有这些scope的权限', 10005);
  }
  const value = { appid, appName: app.name ?? appid, redirectUri, scope: scope as OAuthScope };
  return { ok: true, value: state === undefined ? value : { ...value, state } };
}

/** `redirect_uri` with `code` and `state` appended as WeChat does (before any fragment). */
export function redirectWith(redirectUri: string, params: { code: string; state?: string }): string {
  const hash = redirectUri.indexOf('#');
  const base = hash === -1 ? redirectUri : redirectUri.slice(0, hash);
  const fragment = hash === -1 ? '' : redirectUri.slice(hash);
  const state = `&state=${encodeURIComponent(params.state ?? '')}`;
  return `${base}${base.includes('?') ? '&' : '?'}code=${encodeURIComponent(params.code)}${state}${fragment}`;
}

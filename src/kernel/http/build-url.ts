/** @module buildUrl: the request URL, and the same URL safe to log. */
import type { Query } from './api-client.types.js';

// Query parameters that carry credentials or one-time codes: never logged, never put on spans.
const SECRET_PARAMS = new Set([
  'access_token',
  'secret',
  'appsecret',
  'js_code',
  'code',
  'ticket',
  'refresh_token',
]);

export interface BuiltUrl {
  /** The URL to send, with the token when there is one. */
  readonly url: string;
  /** The URL for logs and spans: access_token dropped, other credentials masked. */
  readonly safeUrl: string;
}

function appendQuery(params: URLSearchParams, query: Query | undefined): void {
  if (!query) return;
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.append(key, String(value));
  }
}

function joinBase(base: string, path: string): string {
  const trimmed = base.endsWith('/') ? base.slice(0, -1) : base;
  return `${trimmed}${path.startsWith('/') ? path : `/${path}`}`;
}

/** Joins base, path and query, injecting `access_token` when given. */
export function buildUrl(base: string, path: string, query?: Query, accessToken?: string): BuiltUrl {
  const target = joinBase(base, path);
  const params = new URLSearchParams();
  appendQuery(params, query);
  const safe = new URLSearchParams();
  for (const [key, value] of params) {
    if (key !== 'access_token') safe.append(key, SECRET_PARAMS.has(key) ? '***' : value);
  }
  if (accessToken !== undefined) params.set('access_token', accessToken);
  const qs = params.toString();
  const safeQs = safe.toString();
  return {
    url: qs ? `${target}?${qs}` : target,
    safeUrl: safeQs ? `${target}?${safeQs}` : target,
  };
}

/** @module parseGatewayTarget: the WeChat path and query a gateway URL asks for, or why it may not. */
import { ApiProblem } from '../../envelope/index.js';
import type { Query } from '../../../kernel/http/index.js';

export interface GatewayTarget {
  /** WeChat path, e.g. `/cgi-bin/message/template/send`. */
  readonly path: string;
  /** The caller's query without `access_token` (ours is injected). */
  readonly query: Query;
}

// Plain segments only: no `.`/`..`, no percent-encoding, nothing starting with `_` (the emulator's
// control API lives under `/__emulator`), so nothing can climb out of WeChat's API paths.
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
// Minting tokens is the broker's job: a classic cgi-bin/token call would retire the token every
// instance shares (40001 five minutes later), and callers do not hold the AppSecret anyway.
const TOKEN_PATHS = new Set(['/cgi-bin/token', '/cgi-bin/stable_token']);

/**
 * `url` is the raw request URL (`/gateway/oa/cgi-bin/getcallbackip?lang=zh_CN`), `prefix` the part
 * naming the app (`/gateway/oa`). Repeated query parameters keep their last value (WeChat reads one).
 */
export function parseGatewayTarget(url: string, prefix: string): GatewayTarget {
  const mark = url.indexOf('?');
  const pathname = mark === -1 ? url : url.slice(0, mark);
  const path = pathname.slice(prefix.length);
  const segments = path.split('/').slice(1);
  if (!pathname.startsWith(`${prefix}/`) || !segments.every((s) => SEGMENT.test(s))) {
    throw new ApiProblem('NotFound', 'not a WeChat API path');
  }
  if (TOKEN_PATHS.has(path)) throw new ApiProblem('Forbidden', 'access tokens are managed by wegate');
  const query: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(mark === -1 ? '' : url.slice(mark + 1))) {
    if (key !== 'access_token') query[key] = value;
  }
  return { path, query };
}

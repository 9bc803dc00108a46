/**
 * @module The JS-SDK lane: `GET /jssdk/config?url=<absolute>[&app=]` answered from node:http when the
 * ticket is already held, in front of Fastify's router (every H5 page view asks for it). It takes only
 * that plain case and leaves everything else — a relative or missing `url` (proxy headers, Referer),
 * unknown parameters, a bad or unknown app, a ticket still to fetch, anything invalid — to the Fastify
 * route, which answers it (errors included) in the envelope. Same answer, headers and HTTP series.
 */
import { ok } from '../../plugins/envelope.js';
import { genRequestId } from '../../plugins/request-id.js';
import { writeLaneAnswer, type Lane } from '../../fast-path/front-door.js';
import type { ServerDeps } from '../../server-deps.types.js';
import { resolvePageUrl } from './page-url.js';
import { APP_NAME, buildJsSdkConfig } from './jssdk-config.js';

const PREFIX = '/jssdk/config?';
const JSON_TYPE = 'application/json; charset=utf-8';

/** `url` and `app` from the query string (`+` is a space, as Fastify reads it); undefined for anything else. */
function readQuery(query: string): { url?: string; app?: string } | undefined {
  const found: { url?: string; app?: string } = {};
  for (const part of query.split('&')) {
    const eq = part.indexOf('=');
    const key = eq === -1 ? part : part.slice(0, eq);
    if ((key !== 'url' && key !== 'app') || found[key] !== undefined) return undefined;
    try {
      found[key] = decodeURIComponent(part.slice(eq + 1).replace(/\+/g, ' '));
    } catch {
      return undefined; // a malformed escape: the route answers it
    }
  }
  return found;
}

/** The page URL and app of a plain request, or undefined to leave it to Fastify. */
function plainRequest(url: string): { page: string; app: string } | undefined {
  const query = readQuery(url.slice(PREFIX.length));
  const page = query?.url;
  const app = query?.app ?? 'oa';
  // Relative URLs take their origin from (proxy) headers: the Fastify route resolves those.
  if (page === undefined || page.startsWith('/') || !APP_NAME.test(app)) return undefined;
  try {
    return { page: resolvePageUrl({ url: page, origin: '' }), app };
  } catch {
    return undefined;
  }
}

export function createJsSdkLane(deps: Pick<ServerDeps, 'apps' | 'metrics'>): Lane {
  return (req, res) => {
    if (req.method !== 'GET' || !req.url?.startsWith(PREFIX)) return false;
    const started = performance.now();
    const plain = plainRequest(req.url);
    const target = plain && deps.apps[plain.app];
    if (!plain || !target || target.config.type !== 'official-account') return false;
    const ticket = target.tickets.peek('jsapi');
    if (ticket === undefined) return false;
    const body = JSON.stringify(ok(buildJsSdkConfig(target.config.appid, ticket, plain.page)));
    writeLaneAnswer(res, { status: 200, contentType: JSON_TYPE, body, requestId: genRequestId(req) });
    deps.metrics.observeHttp('GET', '/jssdk/config', 200, (performance.now() - started) / 1000);
    return true;
  };
}

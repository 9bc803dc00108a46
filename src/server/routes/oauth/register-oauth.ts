/** @module GET /oauth/authorize and GET /oauth/callback: web authorization (网页授权) into our session. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WegateConfig } from '../../../config/config.types.js';
import { DEFAULTS } from '../../../config/build-config.js';
import { ApiProblem } from '../../envelope/index.js';
import {
  createOfficialAccountOAuth,
  type OfficialAccountOAuth,
} from '../../../official-account/api/oauth.js';
import type { OAuthScope } from '../../../official-account/api/oauth.types.js';
import { createWebIdentities } from '../../../official-account/session/web-identities.js';
import type { ServerDeps } from '../../server-deps.types.js';
import type { AuthServices } from '../auth/index.js';
import { readCookie, serializeCookie } from './cookies.js';
import { completeWebLogin } from './oauth-callback.js';
import { createOAuthStates, isBinding, newBinding } from './oauth-states.js';
import { safeRedirectPath } from './redirect-target.js';

/** The browser binding of pending states; scoped to /oauth so no other route ever sees it. */
export const OAUTH_COOKIE = 'wegate_oauth';

export interface OAuthRouteOptions {
  /** How long a login may take between authorize and callback; default 600 000 ms. */
  readonly stateTtlMs?: number;
}

const AUTHORIZE_QUERY = {
  type: 'object',
  properties: {
    app: { type: 'string', pattern: '^[a-z0-9_-]{1,32}$' },
    scope: { type: 'string', enum: ['snsapi_base', 'snsapi_userinfo'] },
    redirect: { type: 'string', maxLength: 1024 },
  },
  additionalProperties: false,
} as const;

const CALLBACK_QUERY = {
  type: 'object',
  properties: { code: { type: 'string', maxLength: 512 }, state: { type: 'string', maxLength: 128 } },
} as const;

const originOf = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

function oauthClients(config: WegateConfig, deps: ServerDeps) {
  const clients = new Map<string, { appid: string; client: OfficialAccountOAuth }>();
  for (const [name, app] of Object.entries(deps.apps)) {
    if (app.config.type !== 'official-account') continue;
    const { appid, secret } = app.config;
    clients.set(name, {
      appid,
      client: createOfficialAccountOAuth({ appid, secret, openBase: config.hosts.open }, app),
    });
  }
  return (name: string) => {
    const found = clients.get(name);
    if (!found) throw new ApiProblem('NotFound', `no Official Account named ${name}`);
    return found;
  };
}

export function registerOAuth(
  app: FastifyInstance,
  config: WegateConfig,
  deps: ServerDeps,
  auth: () => AuthServices,
  options: OAuthRouteOptions = {},
): void {
  const ttlMs = options.stateTtlMs ?? 600_000;
  const states = createOAuthStates({ cache: deps.cache, ttlMs });
  const identities = createWebIdentities({ store: deps.store });
  const clientOf = oauthClients(config, deps);
  // In sandbox the emulated consent host is this server: the browser must reach it where it reached us.
  const sandboxConsent = config.sandbox && config.hosts.open === DEFAULTS.hosts.open;
  const { redirectPaths } = config.oauth;

  app.get('/oauth/authorize', { schema: { querystring: AUTHORIZE_QUERY } }, async (request, reply) => {
    const query = request.query as { app?: string; scope?: OAuthScope; redirect?: string };
    const name = query.app ?? 'oa';
    const { client } = clientOf(name);
    const redirect = safeRedirectPath(query.redirect, redirectPaths);
    const scope = query.scope ?? 'snsapi_base';
    const existing = readCookie(request.headers.cookie, OAUTH_COOKIE);
    const binding = isBinding(existing) ? existing : newBinding();
    const state = await states.open(binding, { app: name, scope, redirect });
    const origin = originOf(request);
    const secure = request.protocol === 'https';
    const url = client.authorizeUrl({
      redirectUri: `${origin}/oauth/callback`,
      scope,
      state,
      ...(sandboxConsent ? { openBase: origin } : {}),
    });
    reply.header(
      'set-cookie',
      serializeCookie(OAUTH_COOKIE, binding, { path: '/oauth', maxAgeS: ttlMs / 1000, secure }),
    );
    return reply.header('cache-control', 'no-store').redirect(url, 302);
  });

  app.get('/oauth/callback', { schema: { querystring: CALLBACK_QUERY } }, async (request, reply) => {
    const { code, state } = request.query as { code?: string; state?: string };
    const services = auth(); // a misconfigured server fails here, before the state or the code is spent
    const login = await states.consume(state, readCookie(request.headers.cookie, OAUTH_COOKIE));
    if (code === undefined || code === '') throw new ApiProblem('OAuthDenied');
    // Checked again before the code is spent: the state may come from an instance with other settings.
    const redirect = safeRedirectPath(login.redirect, redirectPaths);
    const { appid, client } = clientOf(login.app);
    const parts = { appid, client, identities, auth: services };
    const done = await completeWebLogin(parts, { ...login, redirect }, code);
    request.log.info({ userId: done.userId, appid }, 'user logged in through web authorization');
    return reply.header('cache-control', 'no-store').redirect(done.location, 302);
  });
}

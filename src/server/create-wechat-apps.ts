/** @module One API client with its access_token and jsapi_ticket brokers per configured app. */
import type { Logger } from 'pino';
import type { WegateConfig } from '../config/config.types.js';
import { createAccessTokenBroker, createJsapiTicketBroker } from '../kernel/credential/index.js';
import { createApiClient, createDefaultDispatcher } from '../kernel/http/index.js';
import type { Cache, Lock } from '../kernel/ports/index.js';
import { createOfficialAccount } from '../official-account/index.js';
import type { Metrics } from './plugins/metrics.js';
import type { Alerts } from '../telemetry/alerts/index.js';
import type { WeChatApp } from './server-deps.types.js';

export interface WeChatAppsDeps {
  cache: Cache;
  lock: Lock;
  logger: Logger;
  metrics: Metrics;
  /** Counts each call's errcode for the alert rules. */
  alerts?: Pick<Alerts, 'observeApiCall'>;
  /** api.weixin.qq.com, a standalone emulator, or (sandbox) the server itself; resolved per call. */
  baseUrl: () => string;
  /** Base of QR image URLs; default `hosts.mpWeb`. Sandbox: the server itself (its emulator draws them). */
  mpWeb?: () => string;
}

export interface WeChatApps {
  readonly apps: Record<string, WeChatApp>;
  /** Close the shared connection pool. */
  close(): Promise<void>;
}

export function createWeChatApps(config: WegateConfig, deps: WeChatAppsDeps): WeChatApps {
  // One keep-alive pool for every app: they all talk to the same host.
  const dispatcher = createDefaultDispatcher();
  const apps: Record<string, WeChatApp> = {};
  const mpWeb = deps.mpWeb ?? (() => config.hosts.mpWeb);
  for (const app of Object.values(config.apps)) {
    const logger = deps.logger.child({ app: app.name });
    const shared = { cache: deps.cache, lock: deps.lock, logger };
    const tokens = createAccessTokenBroker(
      { appid: app.appid, secret: app.secret, mode: app.tokenMode, baseUrl: deps.baseUrl },
      { ...shared, dispatcher },
    );
    const api = createApiClient(
      { baseUrl: deps.baseUrl, app: app.name },
      {
        dispatcher,
        tokens,
        logger,
        hooks: {
          onCall: (event) => {
            deps.metrics.observeApiCall(app.name, event);
            deps.alerts?.observeApiCall(app.name, event);
          },
        },
      },
    );
    const tickets = createJsapiTicketBroker({ appid: app.appid }, { ...shared, api });
    const officialAccount =
      app.type === 'official-account' ? createOfficialAccount({ api, mpWeb }) : undefined;
    apps[app.name] = { config: app, api, tokens, tickets, ...(officialAccount && { officialAccount }) };
  }
  return { apps, close: () => dispatcher.close() };
}

/** @module createJsapiTicketBroker: JS-SDK tickets (jsapi, wx_card), cached and refreshed like the token. */
import { ConfigError, WeChatHttpError } from '../errors/wechat-error.js';
import type { ApiClient } from '../http/api-client.types.js';
import type {
  BrokerState,
  CommonBrokerOptions,
  FetchedCredential,
  JsapiTicketBroker,
  JsapiTicketBrokerDeps,
  TicketType,
} from './broker.types.js';
import { BROKER_DEFAULTS } from './create-access-token-broker.js';
import { createCredentialBroker, type CredentialBroker } from './create-credential-broker.js';

/** `GET /cgi-bin/ticket/getticket?type=…` through the API client (which injects the access_token). */
export function createTicketFetcher(api: ApiClient): (type: TicketType) => Promise<FetchedCredential> {
  return async (type) => {
    const data = await api.get<{ ticket?: string; expires_in?: number }>('/cgi-bin/ticket/getticket', {
      type,
    });
    if (typeof data.ticket !== 'string' || typeof data.expires_in !== 'number') {
      throw new WeChatHttpError(
        '/cgi-bin/ticket/getticket: answer has no ticket/expires_in',
        '/cgi-bin/ticket/getticket',
        200,
      );
    }
    return { token: data.ticket, expiresIn: data.expires_in };
  };
}

export function createJsapiTicketBroker(
  options: CommonBrokerOptions,
  deps: JsapiTicketBrokerDeps,
): JsapiTicketBroker {
  const fetchTicket = deps.fetchTicket ?? (deps.api ? createTicketFetcher(deps.api) : undefined);
  if (!fetchTicket)
    throw new ConfigError('api', 'createJsapiTicketBroker needs deps.api or deps.fetchTicket');
  const brokers = new Map<TicketType, CredentialBroker>();
  const brokerFor = (type: TicketType): CredentialBroker => {
    let broker = brokers.get(type);
    if (!broker) {
      const keyBase = `${options.keyPrefix ?? BROKER_DEFAULTS.keyPrefix}:ticket:${type}:${options.appid}`;
      broker = createCredentialBroker(
        {
          kind: 'jsapi_ticket',
          appid: options.appid,
          cacheKey: keyBase,
          lockKey: `${keyBase}:refresh`,
          refreshAheadMs: options.refreshAheadMs ?? BROKER_DEFAULTS.refreshAheadMs,
          lockTtlMs: options.lockTtlMs ?? BROKER_DEFAULTS.lockTtlMs,
          outageRetryMs: options.outageRetryMs ?? BROKER_DEFAULTS.outageRetryMs,
          // getticket has a small daily quota but fetching it twice supersedes nothing.
          locklessFetchOk: true,
          fetch: () => fetchTicket(type),
        },
        deps,
      );
      brokers.set(type, broker);
    }
    return broker;
  };
  return {
    get: (type = 'jsapi') => brokerFor(type).get(),
    peek: (type = 'jsapi') => brokerFor(type).peek(),
    invalidate: (failing, type = 'jsapi') => brokerFor(type).invalidate(failing),
    state: (type = 'jsapi'): BrokerState => brokerFor(type).state(),
  };
}

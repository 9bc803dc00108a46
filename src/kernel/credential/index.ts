/** @module Kernel credentials: the access_token and jsapi_ticket brokers. */
export * from './broker.types.js';
export { BROKER_DEFAULTS, createAccessTokenBroker } from './create-access-token-broker.js';
export { createJsapiTicketBroker, createTicketFetcher } from './create-jsapi-ticket-broker.js';
export {
  createAccessTokenFetcher,
  WECHAT_API_BASE,
  type AccessTokenFetcherOptions,
} from './fetch-access-token.js';
export { ForceRefreshRationedError } from './force-refresh-ration.js';
export { CacheDownError } from './cache-outage.js';

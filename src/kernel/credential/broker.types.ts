/** @module Types of the credential brokers (access_token, jsapi_ticket). */
import type { Dispatcher } from 'undici';
import type { TokenMode } from '../../config/config.types.js';
import type { AccessTokenSource, ApiClient, KernelLogger } from '../http/api-client.types.js';
import type { Cache } from '../ports/cache.types.js';
import type { Clock } from '../ports/clock.types.js';
import type { Lock } from '../ports/lock.types.js';

/** A credential as WeChat hands it out. */
export interface FetchedCredential {
  readonly token: string;
  /** Seconds, as in WeChat's `expires_in`. */
  readonly expiresIn: number;
}

/** What a broker exposes for the console and metrics; never the credential itself. */
export interface BrokerState {
  /** Age of this process's copy, undefined when it holds none. */
  readonly tokenAgeMs?: number;
  readonly expiresInMs?: number;
  /** Fetches made by this process. */
  readonly refreshes: number;
  readonly forcedRefreshes: number;
  readonly lastError?: string;
  readonly lastRefreshAt?: number;
}

export interface RefreshEvent {
  readonly kind: 'access_token' | 'jsapi_ticket';
  readonly appid: string;
  readonly forced: boolean;
  readonly durationMs: number;
  readonly outcome: 'ok' | 'error';
}

export interface BrokerHooks {
  onRefresh?(event: RefreshEvent): void;
}

export interface ForceRefreshOptions {
  /** WeChat allows 20 force refreshes a day… */
  readonly maxPerDay: number;
  /** …at least 30 s apart. */
  readonly minIntervalMs: number;
}

export interface CommonBrokerOptions {
  readonly appid: string;
  readonly refreshAheadMs?: number;
  /** Lease of the cross-process refresh lock; waiters wait as long. */
  readonly lockTtlMs?: number;
  readonly keyPrefix?: string;
  /** After a failed refresh while the cache is down, this process waits this long before trying again. */
  readonly outageRetryMs?: number;
}

export interface AccessTokenBrokerOptions extends CommonBrokerOptions {
  readonly secret: string;
  readonly mode?: TokenMode;
  readonly forceRefresh?: Partial<ForceRefreshOptions>;
  /** For the default fetcher: api.weixin.qq.com or an emulator; resolved per fetch. */
  readonly baseUrl?: string | (() => string);
  readonly timeoutMs?: number;
}

export interface FetchTokenRequest {
  readonly forceRefresh: boolean;
}

export interface CommonBrokerDeps {
  readonly cache: Cache;
  readonly lock: Lock;
  readonly clock?: Clock;
  readonly logger?: KernelLogger;
  readonly hooks?: BrokerHooks;
}

export interface AccessTokenBrokerDeps extends CommonBrokerDeps {
  readonly fetchToken?: (request: FetchTokenRequest) => Promise<FetchedCredential>;
  readonly dispatcher?: Dispatcher;
}

/** An AccessTokenSource with state, backed by the shared cache. */
export interface AccessTokenBroker extends AccessTokenSource {
  state(): BrokerState;
}

export type TicketType = 'jsapi' | 'wx_card';

export interface JsapiTicketBrokerDeps extends CommonBrokerDeps {
  /** Default fetcher: `GET /cgi-bin/ticket/getticket` through this client (it injects the token). */
  readonly api?: ApiClient;
  readonly fetchTicket?: (type: TicketType) => Promise<FetchedCredential>;
}

export interface JsapiTicketBroker {
  get(type?: TicketType): Promise<string>;
  /** The ticket this process holds when it needs no refresh yet, without waiting; else undefined. */
  peek(type?: TicketType): string | undefined;
  invalidate(failing: string, type?: TicketType): Promise<void>;
  state(type?: TicketType): BrokerState;
}

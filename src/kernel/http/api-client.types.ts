/** @module Types of the WeChat API client: requests, hooks, the token source it draws from. */
import type { Tracer } from '@opentelemetry/api';
import type { Dispatcher } from 'undici';

export type HttpMethod = 'GET' | 'POST';
export type QueryValue = string | number | boolean | undefined;
export type Query = Readonly<Record<string, QueryValue>>;

/** Where the client gets access tokens; the token broker implements it. */
export interface AccessTokenSource {
  get(): Promise<string>;
  /** Report a token WeChat rejected; only drops it when it is still the current one. */
  invalidate(failing: string): Promise<void>;
}

export interface ApiRequest {
  readonly method: HttpMethod;
  /** WeChat path, e.g. `/cgi-bin/menu/create`; names the call in errors, hooks and spans. */
  readonly path: string;
  readonly query?: Query;
  /** Sent as JSON. */
  readonly body?: unknown;
  /** Sent as it is with its content-type instead of `body` (multipart uploads, a proxied body). */
  readonly payload?: RawPayload;
  /** Default `access_token`: injected as a query parameter. */
  readonly auth?: 'access_token' | 'none';
  /** Retry transient failures; default true for GET, false otherwise (sends are never retried here). */
  readonly retry?: boolean;
  /**
   * `buffer` returns the raw body (media, QR images); a JSON error body still throws. `raw` returns
   * WeChat's answer as a RawApiResponse whatever it says, after the token replay (and retries, if any):
   * only a failure without an answer (network, timeout) throws.
   */
  readonly responseType?: 'json' | 'buffer' | 'raw';
}

export interface RawPayload {
  readonly contentType: string;
  readonly bytes: Buffer | string;
}

/** WeChat's HTTP answer, untouched (`responseType: 'raw'`). */
export interface RawApiResponse {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly body: Buffer;
  /** The non-zero errcode of a JSON answer, when it had one. */
  readonly errcode?: number;
}

export type CallOptions = Pick<ApiRequest, 'auth' | 'retry' | 'responseType'>;

export type CallOutcome = 'ok' | 'errcode' | 'http' | 'network';

/** One HTTP exchange with WeChat (each retry and each token replay is its own event). */
export interface ApiCallEvent {
  readonly api: string;
  readonly method: HttpMethod;
  readonly errcode?: number;
  readonly status?: number;
  readonly durationMs: number;
  /** 1 for the first exchange of a request, then counting retries and replays. */
  readonly attempt: number;
  readonly outcome: CallOutcome;
}

export interface ApiHooks {
  onCall?(event: ApiCallEvent): void;
}

/** The pino-compatible subset the kernel logs through. */
export interface KernelLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface RetryOptions {
  /** Total tries including the first. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export interface ApiClientOptions {
  /** Resolved per call: a sandbox server learns its own port only after listen. */
  readonly baseUrl: string | (() => string);
  /** The app's name (`oa`, `mp`…), put on each call's span as `wechat.app`. */
  readonly app?: string;
  readonly timeoutMs?: number;
  readonly retry?: Partial<RetryOptions>;
}

export interface ApiClientDeps {
  readonly dispatcher?: Dispatcher;
  readonly tokens?: AccessTokenSource;
  readonly hooks?: ApiHooks;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Jitter source (0 ≤ x < 1); default Math.random. */
  readonly random?: () => number;
  readonly logger?: KernelLogger;
  /** Default `trace.getTracer('wegate')`: a no-op until an OpenTelemetry SDK is registered. */
  readonly tracer?: Tracer;
}

export interface ApiClient {
  request<T = unknown>(req: ApiRequest): Promise<T>;
  get<T = unknown>(path: string, query?: Query, opts?: CallOptions): Promise<T>;
  post<T = unknown>(path: string, body?: unknown, opts?: CallOptions & { query?: Query }): Promise<T>;
  /** Closes the dispatcher when the client created it. */
  close(): Promise<void>;
}

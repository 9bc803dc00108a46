/** @module The callback handler's plain request, plain answer, dependencies and the hooks it reports through. */
import type { Clock, Queue, Store } from '../kernel/ports/index.js';
import type { CallbackContext, WeChatApp } from './callback-context.js';
import type { CallbackQuery } from './callback-record.types.js';
import type { CallbackInbox } from './inbox/index.js';
import type { Router } from './router.types.js';

/** The pino methods the callback writes with; a pino or Fastify logger fits as it is. */
export interface CallbackLogger {
  fatal(objOrMsg: unknown, msg?: string): void;
  error(objOrMsg: unknown, msg?: string): void;
  warn(objOrMsg: unknown, msg?: string): void;
  info(objOrMsg: unknown, msg?: string): void;
  debug(objOrMsg: unknown, msg?: string): void;
  trace(objOrMsg: unknown, msg?: string): void;
}

/** replied: a passive reply; success: handler answered nothing; deadline: answered `success` past it. */
export type CallbackOutcome = 'replied' | 'success' | 'deadline' | 'duplicate' | 'error' | 'rejected';

/** Counts each answer; `reason` is the rejection reason ('' otherwise), `seconds` the time to answer. */
export interface CallbackMetrics {
  observe(app: string, mode: string, outcome: CallbackOutcome, reason: string, seconds: number): void;
}

/** Timers for the deadlines; a handle from `add` goes back to `cancel` when the handler won the race. */
export interface Deadlines {
  add(ms: number, fire: () => void): unknown;
  cancel(handle: unknown): void;
}

/** One HTTP request to `/wechat[/<appName>]`, as plain data. */
export interface CallbackRequest {
  /** GET is the URL handshake, POST a push. */
  readonly method: string;
  /** The `<appName>` of the URL; `/wechat` without one is the Official Account, `oa`. */
  readonly appName: string;
  /** The query string (without `?`) or the query already parsed. */
  readonly query: string | CallbackQuery;
  readonly body?: string | Buffer;
  /** Carried by the sampled `callback answered` line. */
  readonly requestId?: string;
  /** The request's logger; default: the handler's. */
  readonly log?: CallbackLogger;
  /** Milliseconds since the request arrived, for the duration histogram; default: since `handle`. */
  elapsedMs?(): number;
}

/** What goes back: 200 with the passive reply (or the handshake's echo), or a plain-text refusal. */
export interface CallbackAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface CallbackHandlerDeps {
  /** The apps pushes are accepted for, by name. */
  readonly apps: Readonly<Record<string, WeChatApp>>;
  /** Each app's router; an app without one answers every push `success`. */
  readonly routers?: Readonly<Record<string, Router<CallbackContext> | undefined>>;
  /** Dedupe of WeChat's retries; default: one in this process's memory, closed by `close()`. */
  readonly inbox?: CallbackInbox;
  readonly store: Store;
  readonly queue: Queue;
  readonly clock?: Clock;
  /** Past it WeChat is answered `success` and the handler finishes on its own. Default 4500 ms. */
  readonly deadlineMs?: number;
  /** Timestamp window in seconds; 0 = off. Default 300. */
  readonly maxSkewS?: number;
  /** Bodies over this are refused (413). Default 1 MiB. */
  readonly maxBodyBytes?: number;
  /** For failures and the one-in-a-thousand `callback answered` line; requests may bring their own. */
  readonly logger: CallbackLogger;
  /** Log every answer at debug instead of sampling them at info. */
  readonly debug?: boolean;
  readonly metrics?: CallbackMetrics;
  /** Default: one timer per push. */
  readonly deadlines?: Deadlines;
}

/** Why a request was refused before its body could be read. */
export type EarlyRefusal = 'body-too-large' | 'malformed-body';

export interface CallbackHandler {
  /** The answer to one request; refusals are answers too (logged and counted). Never rejects. */
  handle(request: CallbackRequest): Promise<CallbackAnswer>;
  /** The answer to a request the door refused before reading its body, logged and counted alike. */
  refuse(request: CallbackRequest, why: EarlyRefusal): CallbackAnswer;
  readonly maxBodyBytes: number;
  /** Stops the inbox it made itself (an inbox handed in stays open). */
  close(): void;
}

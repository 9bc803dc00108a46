/** @module What both doors of the callback route share: per-app state, run deps, metrics, log sampling. */
import type { FastifyBaseLogger } from 'fastify';
import type { CallbackQuery } from '../../../callback/index.js';
import type { Clock } from '../../../kernel/ports/index.js';
import type { Metrics } from '../../plugins/metrics.js';
import type { CallbackApp } from './callback-apps.js';
import type { CallbackMetrics } from './callback-metrics.js';
import type { RunCallbackDeps } from './run-callback.js';

export interface CallbackShared {
  readonly apps: Map<string, CallbackApp>;
  readonly run: RunCallbackDeps;
  readonly metrics: CallbackMetrics;
  /** The server's HTTP series, which the node:http lane feeds itself (Fastify's hook does not see it). */
  readonly http: Metrics;
  readonly clock: Clock;
  readonly maxSkewS: number;
  readonly maxBytes: number;
  readonly debug: boolean;
  /** Level of the route's request loggers: warn unless the server logs at debug. */
  readonly logLevel: string;
  readonly logger: FastifyBaseLogger;
  /** Answers left until the next sampled `callback answered` line. */
  untilSample: number;
}

/** One POST, whichever door it came through. */
export interface CallbackInput {
  /** The `:app` segment; `/wechat` without one is the Official Account. */
  readonly appName: string;
  readonly query: CallbackQuery;
  readonly body: unknown;
  readonly requestId: string;
  /** The request's logger (a lazy child carrying the request id). */
  readonly log: FastifyBaseLogger;
  /** Milliseconds since the request arrived. */
  elapsedMs(): number;
}

/** What goes back to WeChat: 200 with the passive reply, or a plain-text refusal. */
export interface CallbackAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** @module The shape of an emulated WeChat Pay route (one file per path under routes/v3/). */
import type { FastifyRequest } from 'fastify';
import type { Merchant } from './merchant-book.js';
import type { PayAnswer } from './pay-error.js';
import type { PayBook } from './pay-book.js';

export interface PayCall {
  readonly pay: PayBook;
  readonly request: FastifyRequest;
  /** The merchant whose signature verified. */
  readonly merchant: Merchant;
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string | undefined>>;
  /** The parsed JSON object of POST routes. */
  readonly body: Record<string, unknown>;
}

export interface PayRoute {
  readonly method: 'GET' | 'POST';
  /** Fastify pattern of the WeChat Pay path, e.g. `/v3/pay/transactions/id/:transaction_id`. */
  readonly path: string;
  handle(call: PayCall): PayAnswer | Promise<PayAnswer>;
}

export function definePayRoute(route: PayRoute): PayRoute {
  return route;
}

/** @module What the API groups share: the transport, the merchant identity and the JSON helper. */
import type { KeyObject } from 'node:crypto';
import { ParseError } from '../kernel/errors/index.js';
import type { PayExchange, PayRequest, PayTransport } from './create-pay-transport.js';
import type { SignedPayMessage } from './pay.types.js';
import type { VerifiedPayMessage } from './verify-pay-signature.js';

export interface PayContext {
  readonly mchid: string;
  readonly appid?: string;
  readonly privateKey: KeyObject;
  readonly transport: PayTransport;
  readonly verify: (message: SignedPayMessage) => Promise<VerifiedPayMessage>;
  readonly nowMs: () => number;
}

/** Sends `req`, verifies the answer's signature (empty 204 bodies included) and parses its JSON. */
export async function callPay<T>(ctx: PayContext, req: PayRequest): Promise<T> {
  const exchange: PayExchange = await ctx.transport.exchange(req);
  const verified = await ctx.verify(exchange);
  if (verified.body === '') return undefined as T;
  try {
    return JSON.parse(verified.body) as T;
  } catch (cause) {
    throw new ParseError(`${req.path}: answer is not JSON`, { cause });
  }
}

/** A WeChat path segment (out_trade_no and friends only allow [A-Za-z0-9_-|*], but never trust that). */
export const segment = (value: string) => encodeURIComponent(value);

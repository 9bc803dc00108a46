/** @module Checks a callback's signatures and timestamp before anything else reads it. */
import { verifyCallback } from '../kernel/crypto/index.js';
import { SignatureError } from '../kernel/errors/index.js';
import type { CallbackFormat, CallbackMode, CallbackQuery, CallbackRecord } from './callback-record.types.js';
import { parseInboundBody, sniffFormat } from './parse-inbound-body.js';
import { queryParam } from './query-param.js';

export type InboundRejection =
  | 'params-missing'
  | 'signature-missing'
  | 'signature-mismatch'
  | 'msg-signature-missing'
  | 'msg-signature-mismatch'
  | 'encrypt-missing'
  | 'timestamp-stale';

export type VerifyInboundResult =
  | { ok: true; timestamp: string; nonce: string }
  | { ok: false; reason: InboundRejection; error: SignatureError };

export interface VerifyInboundInput {
  token: string;
  query: CallbackQuery;
  /** The parsed envelope; only its `Encrypt` is read, and only in safe mode. */
  body?: CallbackRecord;
  /** Alternatively the raw body, parsed here (in `format`) only when safe mode needs `Encrypt`. */
  rawBody?: string | Buffer;
  format?: CallbackFormat;
  mode: CallbackMode;
  /** Largest accepted |now − timestamp| in seconds; 0 turns the check off. */
  maxSkewS: number;
  /** Milliseconds since the epoch. */
  now: number;
}

const DIGITS = /^\d{1,12}$/;

function reject(reason: InboundRejection, message: string): VerifyInboundResult {
  return { ok: false, reason, error: new SignatureError(message) };
}

function envelopeOf(input: VerifyInboundInput): CallbackRecord {
  if (input.body) return input.body;
  if (input.rawBody === undefined) return {};
  return parseInboundBody(input.rawBody, input.format ?? sniffFormat(input.rawBody));
}

function verifySafe(
  input: VerifyInboundInput,
  timestamp: string,
  nonce: string,
): VerifyInboundResult | undefined {
  const msgSignature = queryParam(input.query, 'msg_signature');
  if (msgSignature === undefined)
    return reject('msg-signature-missing', 'msg_signature is required in safe mode');
  const encrypt = envelopeOf(input).Encrypt;
  if (typeof encrypt !== 'string') return reject('encrypt-missing', 'safe-mode body has no Encrypt');
  const ok = verifyCallback({ token: input.token, timestamp, nonce, signature: msgSignature, encrypt });
  if (!ok) return reject('msg-signature-mismatch', 'msg_signature does not match');
  return undefined;
}

function verifyPlainSignature(
  input: VerifyInboundInput,
  timestamp: string,
  nonce: string,
): VerifyInboundResult | undefined {
  const signature = queryParam(input.query, 'signature');
  // Safe mode is authenticated by msg_signature; `signature` is checked there only when sent.
  if (signature === undefined) {
    return input.mode === 'safe' ? undefined : reject('signature-missing', 'signature is required');
  }
  if (!verifyCallback({ token: input.token, timestamp, nonce, signature })) {
    return reject('signature-mismatch', 'signature does not match');
  }
  return undefined;
}

/**
 * Verifies a callback POST: `signature` on plaintext/compatible requests; in safe mode
 * `msg_signature` over the body's `Encrypt` (and `signature` too when present). With `maxSkewS` > 0 a
 * timestamp further than that from `now` is rejected, so a captured request cannot be replayed later.
 * Returns the rejection rather than throwing, with a SignatureError ready to throw.
 */
export function verifyInbound(input: VerifyInboundInput): VerifyInboundResult {
  const timestamp = queryParam(input.query, 'timestamp');
  const nonce = queryParam(input.query, 'nonce');
  if (timestamp === undefined || nonce === undefined || !DIGITS.test(timestamp)) {
    return reject('params-missing', 'timestamp and nonce are required (timestamp in digits)');
  }
  const failure =
    (input.mode === 'safe' ? verifySafe(input, timestamp, nonce) : undefined) ??
    verifyPlainSignature(input, timestamp, nonce);
  if (failure) return failure;
  if (input.maxSkewS > 0 && Math.abs(input.now / 1000 - Number(timestamp)) > input.maxSkewS) {
    return reject('timestamp-stale', `timestamp is more than ${input.maxSkewS} s away from now`);
  }
  return { ok: true, timestamp, nonce };
}

/** verifyInbound for the GET handshake: checks `signature` and returns the echostr to answer with. */
export function verifyHandshake(
  input: Pick<VerifyInboundInput, 'token' | 'query' | 'maxSkewS' | 'now'>,
): VerifyInboundResult & { echostr?: string } {
  const result = verifyInbound({ ...input, mode: 'plain' });
  if (!result.ok) return result;
  const echostr = queryParam(input.query, 'echostr');
  if (echostr === undefined) return reject('params-missing', 'echostr is required');
  return { ...result, echostr };
}

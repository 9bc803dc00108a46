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
  /** The parsed envelope; only its `Encrypt` is read, and only in safe and compatible mode. */
  body?: CallbackRecord;
  /** Alternatively the raw body, parsed here (in `format`) only when an encrypted mode needs `Encrypt`. */
  rawBody?: string | Buffer;
  format?: CallbackFormat;
  /** The app's configured mode (WeChat console), never one read from the request. */
  mode: CallbackMode;
  /** Largest accepted |now − timestamp| in seconds; 0 turns the check off. */
  maxSkewS: number;
  /** Milliseconds since the epoch. */
  now: number;
}

const DIGITS = /^\d{1,12}$/;

function reject(reason: InboundRejection): VerifyInboundResult {
  return { ok: false, reason, error: new SignatureError(MESSAGES[reason]) };
}

function envelopeOf(input: VerifyInboundInput): CallbackRecord {
  if (input.body) return input.body;
  if (input.rawBody === undefined) return {};
  return parseInboundBody(input.rawBody, input.format ?? sniffFormat(input.rawBody));
}

function verifyEncrypted(
  input: VerifyInboundInput,
  timestamp: string,
  nonce: string,
): InboundRejection | undefined {
  const msgSignature = queryParam(input.query, 'msg_signature');
  if (msgSignature === undefined) return 'msg-signature-missing';
  const encrypt = envelopeOf(input).Encrypt;
  if (typeof encrypt !== 'string') return 'encrypt-missing';
  const ok = verifyCallback({ token: input.token, timestamp, nonce, signature: msgSignature, encrypt });
  return ok ? undefined : 'msg-signature-mismatch';
}

function verifyPlain(
  input: VerifyInboundInput,
  timestamp: string,
  nonce: string,
): InboundRejection | undefined {
  const signature = queryParam(input.query, 'signature');
  if (signature === undefined) return 'signature-missing';
  return verifyCallback({ token: input.token, timestamp, nonce, signature })
    ? undefined
    : 'signature-mismatch';
}

const MESSAGES: Readonly<Record<InboundRejection, string>> = {
  'params-missing': 'timestamp and nonce are required (timestamp in digits)',
  'signature-missing': 'signature is required in plaintext mode',
  'signature-mismatch': 'signature does not match',
  'msg-signature-missing': 'msg_signature is required in safe and compatible mode',
  'msg-signature-mismatch': 'msg_signature does not match',
  'encrypt-missing': 'the body carries no Encrypt',
  'timestamp-stale': 'timestamp is outside the accepted window',
};

/**
 * Verifies a callback POST against the app's configured `mode`, never against what the request
 * claims: plaintext mode needs `signature` (which covers no body byte); safe and compatible mode
 * need `msg_signature` over the body's `Encrypt` (`signature` is not consulted: it proves nothing
 * about the body). With `maxSkewS` > 0 a timestamp further than that from `now` is refused, so a
 * captured request cannot be replayed later. Returns the refusal with a SignatureError ready to throw.
 */
export function verifyInbound(input: VerifyInboundInput): VerifyInboundResult {
  const timestamp = queryParam(input.query, 'timestamp');
  const nonce = queryParam(input.query, 'nonce');
  if (timestamp === undefined || nonce === undefined || !DIGITS.test(timestamp)) {
    return reject('params-missing');
  }
  const failure =
    input.mode === 'plain' ? verifyPlain(input, timestamp, nonce) : verifyEncrypted(input, timestamp, nonce);
  if (failure) return reject(failure);
  if (input.maxSkewS > 0 && Math.abs(input.now / 1000 - Number(timestamp)) > input.maxSkewS) {
    return reject('timestamp-stale');
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
  if (echostr === undefined) return reject('params-missing');
  return { ...result, echostr };
}

/** @module Why a callback was refused, and the plain-text 4xx WeChat (or an attacker) gets for it. */
import type { InboundRejection } from '../../../callback/index.js';
import { isWeChatError } from '../../../kernel/errors/index.js';

export type RejectReason =
  | InboundRejection
  | 'unknown-app'
  | 'not-configured'
  | 'empty-body'
  | 'body-too-large'
  | 'malformed-body'
  | 'decrypt-failed'
  | 'appid-mismatch'
  | 'aes-key-missing';

/** A refused request: no handler ran and nothing was stored. */
export class CallbackRejection extends Error {
  /** The mode detected before the refusal, for metrics. */
  mode?: string;
  constructor(
    readonly reason: RejectReason,
    readonly status: number,
    readonly body: string,
  ) {
    super(body);
  }
}

const UNAUTHORIZED: Partial<Record<InboundRejection, string>> = {
  'signature-missing': 'invalid signature',
  'signature-mismatch': 'invalid signature',
  'msg-signature-missing': 'invalid msg_signature',
  'msg-signature-mismatch': 'invalid msg_signature',
  'timestamp-stale': 'stale timestamp',
};

export function rejectSignature(reason: InboundRejection): CallbackRejection {
  const unauthorized = UNAUTHORIZED[reason];
  if (unauthorized) return new CallbackRejection(reason, 401, unauthorized);
  const body = reason === 'encrypt-missing' ? 'missing Encrypt' : 'missing timestamp, nonce or echostr';
  return new CallbackRejection(reason, 400, body);
}

/** Maps what parsing or decrypting threw; anything else is a bug and is rethrown. */
export function rejectInput(error: unknown): CallbackRejection {
  if (error instanceof CallbackRejection) return error;
  if (isWeChatError(error) && error.code === 'WEGATE_DECRYPT_FAILED') {
    // The cipher checks the receive id itself; WeChat numbers that failure -40005.
    return error.message.includes('-40005')
      ? new CallbackRejection('appid-mismatch', 403, 'appid mismatch')
      : new CallbackRejection('decrypt-failed', 400, 'cannot decrypt Encrypt');
  }
  if (isWeChatError(error) && error.code === 'WEGATE_PARSE_FAILED') {
    return new CallbackRejection('malformed-body', 400, 'malformed body');
  }
  throw error;
}

/** Fastify's own 4xx on this route (body limit, bad content) in the same plain-text form; else undefined. */
export function rejectFramework(error: unknown): CallbackRejection | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  if (status === 413) return new CallbackRejection('body-too-large', 413, 'body too large');
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new CallbackRejection('malformed-body', 400, 'malformed body');
  }
  return undefined;
}

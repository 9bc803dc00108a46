/** @module Why a callback was refused, and the plain-text 4xx WeChat (or an attacker) gets for it. */
import type { CallbackMode } from './callback-record.types.js';
import type { PushCheck } from './open-push.js';

/**
 * `refused` covers every refusal once the app is known: a missing or wrong signature, a stale
 * timestamp, a body without the configured mode's proof, one that does not decrypt or parse. They
 * share one status, body, log reason and metric label, so no outcome (padding, appid) is an oracle.
 */
export type RejectReason = 'unknown-app' | 'not-configured' | 'body-too-large' | 'refused';

/** A refused request: no handler ran and nothing was stored. */
export class CallbackRejection extends Error {
  constructor(
    readonly reason: RejectReason,
    readonly status: number,
    readonly body: string,
    /** The configured mode, for metrics. */
    readonly mode?: CallbackMode,
    /** The check that failed, logged at debug level only. */
    readonly check?: PushCheck,
  ) {
    super(body);
  }
}

export const REFUSED_STATUS = 401;
export const REFUSED_BODY = 'unauthorized';

/** The one answer to a push or handshake that fails any check after the app is known. */
export function refusePush(check: PushCheck, mode?: CallbackMode): CallbackRejection {
  return new CallbackRejection('refused', REFUSED_STATUS, REFUSED_BODY, mode, check);
}

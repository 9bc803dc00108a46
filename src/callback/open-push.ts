/** @module The one way from a raw push to a routable message: verify the configured mode's proof, then open. */
import type { MsgCipher } from '../kernel/crypto/index.js';
import { isWeChatError } from '../kernel/errors/index.js';
import {
  CALLBACK_MAX_BYTES,
  type CallbackFormat,
  type CallbackMode,
  type CallbackQuery,
} from './callback-record.types.js';
import type { InboundMessage } from './message.types.js';
import { openInbound } from './open-inbound.js';
import { parseInboundBody } from './parse-inbound-body.js';
import { parseMessage } from './parse-message.js';
import { verifyInbound, type InboundRejection } from './verify-inbound.js';

declare const verified: unique symbol;

/**
 * A message that a signature of the app's configured mode covers: in plaintext mode the request's
 * `signature`, in safe and compatible mode `msg_signature` over the `Encrypt` it was decrypted from.
 * Only openPush makes one, so a router typed on it cannot be handed an unauthenticated record.
 */
export type VerifiedMessage = InboundMessage & { readonly [verified]: true };

/** Why a push was refused, for logs at debug level only: outside, every refusal looks the same. */
export type PushCheck = InboundRejection | 'empty-body' | 'malformed-body' | 'decrypt-failed' | 'no-aes-key';

export interface OpenPushInput {
  /** The mode configured for the app in the WeChat console: the only one accepted. */
  readonly mode: CallbackMode;
  readonly token: string;
  /** The app's cipher; required in safe and compatible mode. */
  readonly cipher?: MsgCipher;
  /** The appid the decrypted receive id must equal. */
  readonly appid: string;
  readonly query: CallbackQuery;
  readonly body: string | Buffer;
  readonly format: CallbackFormat;
  /** Largest accepted |now − timestamp| in seconds; 0 turns the window off. */
  readonly maxSkewS: number;
  /** Milliseconds since the epoch. */
  readonly now: number;
  readonly maxBytes?: number;
}

export type OpenPushResult =
  | {
      readonly ok: true;
      readonly message: VerifiedMessage;
      readonly timestamp: string;
      readonly nonce: string;
    }
  | { readonly ok: false; readonly check: PushCheck };

const refuse = (check: PushCheck): OpenPushResult => ({ ok: false, check });

function checkOf(error: unknown): PushCheck {
  if (isWeChatError(error) && error.code === 'WEGATE_DECRYPT_FAILED') return 'decrypt-failed';
  if (isWeChatError(error) && error.code === 'WEGATE_PARSE_FAILED') return 'malformed-body';
  throw error;
}

function open(input: OpenPushInput, maxBytes: number): OpenPushResult {
  const envelope = parseInboundBody(input.body, input.format, maxBytes);
  const verdict = verifyInbound({ ...input, body: envelope });
  if (!verdict.ok) return refuse(verdict.reason);
  // Plaintext fields beside Encrypt (compatible mode) are never read: only the decrypted record counts.
  const record =
    input.mode === 'plain'
      ? envelope
      : openInbound({
          cipher: input.cipher!,
          appid: input.appid,
          body: envelope,
          format: input.format,
          maxBytes,
        });
  const message = parseMessage(record) as VerifiedMessage;
  return { ok: true, message, timestamp: verdict.timestamp, nonce: verdict.nonce };
}

/**
 * Verifies a POSTed push against the app's configured mode and opens it: `signature` in plaintext
 * mode; in safe and compatible mode `msg_signature` over `Encrypt` is checked before anything is
 * decrypted, the receive id after. Returns the refusal's check instead of throwing for anything a
 * caller could send; answer every refusal alike, so no check's outcome (padding, appid) leaks.
 */
export function openPush(input: OpenPushInput): OpenPushResult {
  if (input.body.length === 0) return refuse('empty-body');
  if (input.mode !== 'plain' && !input.cipher) return refuse('no-aes-key');
  try {
    return open(input, input.maxBytes ?? CALLBACK_MAX_BYTES);
  } catch (error) {
    return refuse(checkOf(error));
  }
}

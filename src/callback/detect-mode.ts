/** @module Tells plaintext, compatible and safe-mode callbacks apart. */
import type { CallbackMode, CallbackQuery, CallbackRecord } from './callback-record.types.js';
import { queryParam } from './query-param.js';

/**
 * `safe` when the body carries only the `Encrypt` envelope, `compatible` when it carries `Encrypt`
 * next to the plaintext fields (with `encrypt_type=aes`), `plain` otherwise. An envelope without
 * `encrypt_type=aes` still counts as safe: treating it as plaintext would skip `msg_signature`.
 */
export function detectMode(query: CallbackQuery, body: CallbackRecord): CallbackMode {
  const encrypted = typeof body.Encrypt === 'string';
  const plaintext = body.MsgType !== undefined;
  if (!encrypted) return 'plain';
  if (plaintext && queryParam(query, 'encrypt_type') === 'aes') return 'compatible';
  return plaintext ? 'plain' : 'safe';
}

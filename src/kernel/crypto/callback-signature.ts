/** @module Callback `signature` / `msg_signature`: sha1 over the ASCII-sorted, concatenated parts. */
import { hash } from 'node:crypto';
import { safeEqual } from './safe-equal.js';

/** sha1 hex of the parts sorted by code unit and joined; the primitive of both callback signatures. */
export function signSortedParts(parts: readonly string[]): string {
  // WeChat sorts the values as strings in code-unit order, never numerically ('10' < '9').
  // An insertion sort on a copy: callers pass 3 or 4 short strings, so no comparator closure.
  const sorted = parts.slice();
  for (let i = 1; i < sorted.length; i += 1) {
    const value = sorted[i] as string;
    let j = i - 1;
    for (; j >= 0 && (sorted[j] as string) > value; j -= 1) sorted[j + 1] = sorted[j] as string;
    sorted[j + 1] = value;
  }
  // The one-shot hash() costs half of a createHash() object for inputs this small.
  return hash('sha1', sorted.join(''), 'hex');
}

/**
 * `signature` (3 parts) or, when `encrypt` is given, `msg_signature` over
 * [token, timestamp, nonce, Encrypt].
 */
export function signCallback(token: string, timestamp: string, nonce: string, encrypt?: string): string {
  const parts = encrypt === undefined ? [token, timestamp, nonce] : [token, timestamp, nonce, encrypt];
  return signSortedParts(parts);
}

export interface VerifyCallbackInput {
  token: string;
  timestamp: string;
  nonce: string;
  /** The `signature` or `msg_signature` query value. */
  signature: string;
  /** The `<Encrypt>` value; present when checking `msg_signature`. */
  encrypt?: string;
}

/** True when the signature matches (hex compared case-insensitively, in constant time). */
export function verifyCallback(input: VerifyCallbackInput): boolean {
  // Query values come straight from the request; a missing one is a mismatch, not a crash.
  if (typeof input.signature !== 'string') return false;
  const expected = signCallback(input.token, input.timestamp, input.nonce, input.encrypt);
  return safeEqual(expected, input.signature.toLowerCase());
}

/** @module Random alphanumeric nonces (callback replies, JS-SDK, Pay v3 nonce_str). */
import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
// Bytes at or above this bound are skipped so every character is equally likely.
const UNBIASED_BOUND = 256 - (256 % ALPHABET.length);

/** A string of `length` characters from [A-Za-z0-9], drawn from the CSPRNG without modulo bias. */
export function randomNonce(length = 16): string {
  if (!Number.isInteger(length) || length < 1) throw new RangeError('nonce length must be >= 1');
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte >= UNBIASED_BOUND) continue;
      out += ALPHABET[byte % ALPHABET.length];
      if (out.length === length) break;
    }
  }
  return out;
}

/** @module Random alphanumeric nonces (callback replies, JS-SDK, Pay v3 nonce_str, OAuth state). */
import { randomFillSync } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
// Bytes at or above this bound are skipped so every character is equally likely.
const UNBIASED_BOUND = 256 - (256 % ALPHABET.length);

// One CSPRNG fill serves many nonces: a `randomBytes` call per nonce cost more than the rest of a
// JS-SDK config request's signing. Every byte is used once, then the pool is refilled.
const pool = Buffer.alloc(4096);
let offset = pool.length;

function nextByte(): number {
  if (offset === pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  return pool[offset++] as number;
}

/** A string of `length` characters from [A-Za-z0-9], drawn from the CSPRNG without modulo bias. */
export function randomNonce(length = 16): string {
  if (!Number.isInteger(length) || length < 1) throw new RangeError('nonce length must be >= 1');
  let out = '';
  while (out.length < length) {
    const byte = nextByte();
    if (byte < UNBIASED_BOUND) out += ALPHABET[byte % ALPHABET.length];
  }
  return out;
}

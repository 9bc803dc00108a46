/** @module Constant-time comparison of signature strings. */

/**
 * Compares two strings code unit by code unit, in time that depends only on their length; unequal
 * lengths are simply false (the length of a digest or a signature is public anyway). Every unit is
 * visited and folded into one value, with no early exit, so a mismatch's position does not show in
 * the timing. No Buffers: the inputs are short and compared on every request.
 */
export function safeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i += 1) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

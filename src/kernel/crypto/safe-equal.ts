/** @module Constant-time comparison of signature strings. */
import { timingSafeEqual } from 'node:crypto';

/** Compares two strings in constant time for equal lengths; unequal lengths are simply false. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  // timingSafeEqual throws on length mismatch; the length of a hex digest is public anyway.
  if (left.length !== right.length) return false;
  return timingSafeEqual(left, right);
}

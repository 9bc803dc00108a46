/** @module SHA-1 hex digest, the primitive behind every WeChat (non-pay) signature. */
import { hash } from 'node:crypto';

/** Lower-case hex SHA-1 of the UTF-8 bytes of `input` (one-shot: no Hash object per call). */
export function sha1Hex(input: string): string {
  return hash('sha1', input, 'hex');
}

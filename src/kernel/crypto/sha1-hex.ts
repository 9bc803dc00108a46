/** @module SHA-1 hex digest, the primitive behind every WeChat (non-pay) signature. */
import { createHash } from 'node:crypto';

/** Lower-case hex SHA-1 of the UTF-8 bytes of `input`. */
export function sha1Hex(input: string): string {
  return createHash('sha1').update(input, 'utf8').digest('hex');
}

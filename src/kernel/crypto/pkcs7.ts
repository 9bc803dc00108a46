/** @module PKCS#7 padding with an explicit block size (WeChat's message cipher uses 32, not 16). */

/** Number of pad bytes PKCS#7 appends to `length` bytes: 1..blockSize, a full block when aligned. */
export function pkcs7PadLength(length: number, blockSize: number): number {
  return blockSize - (length % blockSize);
}

/** Writes the padding bytes at the end of `buf` (its last `padLength` bytes). */
export function writePkcs7Padding(buf: Buffer, padLength: number): void {
  buf.fill(padLength, buf.length - padLength);
}

/**
 * Length of the unpadded content, or -1 when the pad value is outside 1..blockSize or the pad bytes
 * disagree.
 */
export function pkcs7UnpaddedLength(buf: Buffer, blockSize: number): number {
  if (buf.length === 0) return -1;
  const pad = buf[buf.length - 1] as number;
  if (pad < 1 || pad > blockSize || pad > buf.length) return -1;
  let bad = 0;
  for (let i = buf.length - pad; i < buf.length; i++) bad |= (buf[i] as number) ^ pad;
  return bad === 0 ? buf.length - pad : -1;
}

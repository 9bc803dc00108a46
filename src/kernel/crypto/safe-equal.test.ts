import { describe, expect, it } from 'vitest';
import { safeEqual } from './safe-equal.js';

describe('safeEqual', () => {
  it('is true only for the same string', () => {
    const digest = 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3';
    expect(safeEqual(digest, digest.slice())).toBe(true);
    expect(safeEqual('', '')).toBe(true);
    expect(safeEqual(digest, `b${digest.slice(1)}`)).toBe(false);
    expect(safeEqual(digest, `${digest.slice(0, -1)}4`)).toBe(false);
    expect(safeEqual(digest, digest.slice(0, -1))).toBe(false);
    expect(safeEqual(digest, digest.toUpperCase())).toBe(false);
  });

  it('compares whole UTF-16 code units, not their low bytes', () => {
    expect(safeEqual('\u0161', '\u0061')).toBe(false);
    expect(safeEqual('签名', '签名')).toBe(true);
    expect(safeEqual('签名', '签吊')).toBe(false);
  });
});

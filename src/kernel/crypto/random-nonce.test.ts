import { describe, it, expect } from 'vitest';
import { randomNonce } from './random-nonce.js';

describe('randomNonce', () => {
  it('returns the requested number of alphanumeric characters', () => {
    for (const n of [1, 16, 32, 100]) expect(randomNonce(n)).toMatch(new RegExp(`^[A-Za-z0-9]{${n}}$`));
    expect(randomNonce()).toHaveLength(16);
  });

  it('does not repeat and uses the whole alphabet', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) seen.add(randomNonce(32));
    expect(seen.size).toBe(200);
    expect(new Set([...seen].join('')).size).toBe(62);
  });

  it.each([0, -1, 1.5])('rejects length %s', (n) => {
    expect(() => randomNonce(n)).toThrow(RangeError);
  });
});

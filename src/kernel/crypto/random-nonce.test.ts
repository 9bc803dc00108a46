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

  it('never repeats across refills of its random pool and draws every character about equally', () => {
    // 5000 × 16 characters take about 20 refills of the 4 KiB pool.
    const nonces = Array.from({ length: 5000 }, () => randomNonce(16));
    expect(new Set(nonces).size).toBe(nonces.length);
    const counts = new Map<string, number>();
    for (const c of nonces.join('')) counts.set(c, (counts.get(c) ?? 0) + 1);
    const expected = (5000 * 16) / 62;
    // Each count is binomial with sd ≈ 35.6 here; ±25% is about 10 standard deviations.
    for (const count of counts.values()) expect(Math.abs(count - expected) / expected).toBeLessThan(0.25);
    expect(counts.size).toBe(62);
  });

  it.each([0, -1, 1.5])('rejects length %s', (n) => {
    expect(() => randomNonce(n)).toThrow(RangeError);
  });
});

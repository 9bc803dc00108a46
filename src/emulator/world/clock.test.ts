import { describe, expect, it } from 'vitest';
import { createEmulatorClock, nextShanghaiMidnight, shanghaiDay } from './clock.js';

describe('emulator clock', () => {
  it('adds an adjustable offset to the base time', () => {
    let base = 1_000;
    const clock = createEmulatorClock({ now: () => base });
    clock.advance(500);
    base = 2_000;
    expect(clock.now()).toBe(2_500);
    clock.set(10_000);
    expect(clock.now()).toBe(10_000);
    expect(clock.offsetMs()).toBe(8_000);
    clock.reset();
    expect(clock.now()).toBe(2_000);
  });

  it('turns the Shanghai day at 16:00 UTC', () => {
    const beforeMidnight = Date.UTC(2024, 4, 1, 15, 59, 59, 999);
    const midnight = Date.UTC(2024, 4, 1, 16, 0, 0);
    expect(shanghaiDay(midnight)).toBe(shanghaiDay(beforeMidnight) + 1);
    expect(shanghaiDay(Date.UTC(2024, 4, 1, 0, 0))).toBe(shanghaiDay(beforeMidnight));
    expect(nextShanghaiMidnight(Date.UTC(2024, 4, 1, 2, 0))).toBe(midnight);
    expect(nextShanghaiMidnight(midnight)).toBe(midnight + 86_400_000);
  });
});

/** @module The behaviour every Lock adapter must show; each adapter's test file runs this suite. */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { elapse, type ManualClockLike } from './cache.contract.js';
import type { Lock } from './lock.types.js';

export interface LockFixture {
  lock: Lock;
  clock?: ManualClockLike;
  /** Another Lock on the same backend and prefix, standing in for a second process. */
  sibling?: () => Lock;
  /** A Lock on the same backend under another key prefix. */
  otherPrefix?: () => Lock;
  cleanup(): Promise<void>;
}

export function describeLockContract(name: string, make: () => Promise<LockFixture>): void {
  describe(`Lock contract: ${name}`, () => {
    let fx: LockFixture;
    beforeEach(async () => {
      fx = await make();
    });
    afterEach(async () => {
      await fx.cleanup();
    });

    it('grants a free key, refuses it while held and grants it again after release', async () => {
      const a = await fx.lock.acquire('job', 5000);
      expect(a?.key).toBe('job');
      expect(await fx.lock.acquire('job', 5000)).toBeUndefined();
      expect(await fx.lock.acquire('other-job', 5000)).toBeDefined();
      await a?.release();
      await a?.release();
      expect(await fx.lock.acquire('job', 5000)).toBeDefined();
    });

    it('never lets two of 10 concurrent waiting acquirers hold the key at once, and serves them all', async () => {
      let holders = 0;
      let maxHolders = 0;
      let served = 0;
      const worker = async (): Promise<void> => {
        const handle = await fx.lock.acquire('critical', 5000, { waitMs: 5000, retryDelayMs: 5 });
        if (!handle) return;
        holders += 1;
        maxHolders = Math.max(maxHolders, holders);
        await sleep(5);
        holders -= 1;
        served += 1;
        await handle.release();
      };
      await Promise.all(Array.from({ length: 10 }, worker));
      expect(maxHolders).toBe(1);
      expect(served).toBe(10);
    });

    it('lets another acquirer take a lease that expired without being released', async () => {
      const first = await fx.lock.acquire('lease', 100);
      expect(first).toBeDefined();
      await elapse(fx.clock, 150);
      expect(await fx.lock.acquire('lease', 5000)).toBeDefined();
    });

    it('does not let a stale holder release or extend the lease of the next holder', async () => {
      const stale = await fx.lock.acquire('lease', 100);
      await elapse(fx.clock, 150);
      const current = await fx.lock.acquire('lease', 5000);
      expect(current).toBeDefined();
      await stale?.release();
      expect(await fx.lock.acquire('lease', 5000)).toBeUndefined();
      expect(await stale?.extend(5000)).toBe(false);
      await current?.release();
      expect(await fx.lock.acquire('lease', 5000)).toBeDefined();
    });

    it('extend keeps the lease past its first ttl, and it still expires after the new one', async () => {
      const handle = await fx.lock.acquire('extended', 150);
      expect(await handle?.extend(400)).toBe(true);
      await elapse(fx.clock, 250);
      expect(await fx.lock.acquire('extended', 5000)).toBeUndefined();
      await elapse(fx.clock, 200);
      expect(await fx.lock.acquire('extended', 5000)).toBeDefined();
    });

    it('extend answers false after release', async () => {
      const handle = await fx.lock.acquire('done', 5000);
      await handle?.release();
      expect(await handle?.extend(5000)).toBe(false);
    });

    it('waits for a holder to release when waitMs allows it', async () => {
      const holder = await fx.lock.acquire('busy', 5000);
      setTimeout(() => void holder?.release(), 50);
      const waiter = await fx.lock.acquire('busy', 5000, { waitMs: 2000, retryDelayMs: 10 });
      expect(waiter).toBeDefined();
    });

    it('gives up after waitMs while the key stays held', async () => {
      await fx.lock.acquire('held', 5000);
      const started = performance.now();
      expect(await fx.lock.acquire('held', 5000, { waitMs: 80, retryDelayMs: 10 })).toBeUndefined();
      const waited = performance.now() - started;
      expect(waited).toBeGreaterThanOrEqual(70);
      expect(waited).toBeLessThan(1000);
    });

    it('excludes a second process on the same backend and lets it in after release', async (ctx) => {
      if (!fx.sibling) return ctx.skip();
      const other = fx.sibling();
      const mine = await fx.lock.acquire('shared', 5000);
      expect(await other.acquire('shared', 5000)).toBeUndefined();
      await mine?.release();
      expect(await other.acquire('shared', 5000)).toBeDefined();
    });

    it('keeps locks under different prefixes apart', async (ctx) => {
      if (!fx.otherPrefix) return ctx.skip();
      await fx.lock.acquire('shared', 5000);
      expect(await fx.otherPrefix().acquire('shared', 5000)).toBeDefined();
    });
  });
}

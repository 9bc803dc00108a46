/** @module describeQueueContract(): the behaviour every Queue adapter must show. */
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PermanentJobError, RetryLaterError } from './job-errors.js';
import type { Job, Queue } from './queue.types.js';
import { itCountsJobsByState, sleep, waitFor } from './queue-stats.contract.js';

/** A queue instance that can also die abruptly, leaving its running jobs to lease expiry. */
export interface AbandonableQueue extends Queue {
  abandon(): void | Promise<void>;
}

export interface QueueHarness {
  /** A new queue over the shared backend: another process, in effect. Leases must be short (≤ 1 s). */
  open(): Promise<AbandonableQueue>;
  cleanup(): Promise<void>;
}

export function describeQueueContract(name: string, make: () => Promise<QueueHarness>): void {
  describe(`Queue contract: ${name}`, () => {
    let harness: QueueHarness;
    let opened: AbandonableQueue[] = [];
    const open = async (): Promise<AbandonableQueue> => {
      const queue = await harness.open();
      opened.push(queue);
      return queue;
    };
    const fresh = (label: string) => `${label}-${randomBytes(4).toString('hex')}`;

    beforeAll(async () => {
      harness = await make();
    });
    afterEach(async () => {
      await Promise.all(opened.map((q) => q.close()));
      opened = [];
    });
    afterAll(async () => {
      await harness?.cleanup();
    });

    it('delivers each of 200 jobs exactly once across 2 workers with concurrency 4', async () => {
      const [a, b] = [await open(), await open()];
      const queue = fresh('exactly-once');
      const deliveries = new Map<string, number>();
      const handler = async (job: Job<{ n: number }>) => {
        deliveries.set(job.id, (deliveries.get(job.id) ?? 0) + 1);
        await sleep(job.data.n % 5);
      };
      a.process(queue, handler, { concurrency: 4 });
      b.process(queue, handler, { concurrency: 4 });
      const ids: string[] = [];
      for (let i = 0; i < 200; i += 50) {
        const batch = Array.from({ length: 50 }, (_, j) => a.enqueue(queue, { n: i + j }));
        ids.push(...(await Promise.all(batch)).map((r) => r.id));
      }
      await waitFor(() => deliveries.size === 200, 20_000);
      await sleep(300);
      expect(new Set(ids).size).toBe(200);
      expect([...deliveries.keys()].sort()).toEqual([...ids].sort());
      expect([...deliveries.values()].every((count) => count === 1)).toBe(true);
      expect((await b.get(queue, ids[0] ?? ''))?.state).toBe('completed');
    });

    it('returns the first job for a repeated idempotency key, even after it completed', async () => {
      const q = await open();
      const queue = fresh('idempotent');
      const first = await q.enqueue(queue, { v: 1 }, { idempotencyKey: 'openid:tmpl:1' });
      const again = await q.enqueue(queue, { v: 2 }, { idempotencyKey: 'openid:tmpl:1' });
      expect(first.duplicate).toBe(false);
      expect(again).toEqual({ id: first.id, duplicate: true });
      const seen: unknown[] = [];
      q.process(queue, async (job) => void seen.push(job.data));
      await waitFor(async () => (await q.get(queue, first.id))?.state === 'completed');
      const late = await q.enqueue(queue, { v: 3 }, { idempotencyKey: 'openid:tmpl:1' });
      expect(late).toEqual({ id: first.id, duplicate: true });
      const elsewhere = await q.enqueue(fresh('other'), { v: 4 }, { idempotencyKey: 'openid:tmpl:1' });
      expect(elsewhere.duplicate).toBe(false);
      await sleep(200);
      expect(seen).toEqual([{ v: 1 }]);
      expect(await q.get(queue, first.id)).toMatchObject({ data: { v: 1 }, idempotencyKey: 'openid:tmpl:1' });
    });

    it('does not run a delayed job before its delay', async () => {
      const q = await open();
      const queue = fresh('delay');
      let ranAfter = -1;
      const started = Date.now();
      q.process(queue, async () => void (ranAfter = Date.now() - started));
      const { id } = await q.enqueue(queue, {}, { delayMs: 500 });
      expect((await q.get(queue, id))?.state).toBe('delayed');
      await waitFor(() => ranAfter >= 0);
      expect(ranAfter).toBeGreaterThanOrEqual(480);
    });

    it('backs off between failed attempts and then succeeds', async () => {
      const q = await open();
      const queue = fresh('backoff');
      const runs: { attempt: number; at: number }[] = [];
      q.process(queue, async (job) => {
        runs.push({ attempt: job.attempt, at: Date.now() });
        if (job.attempt < 3) throw new Error(`45011 too frequent (${job.attempt})`);
      });
      const { id } = await q.enqueue(queue, {}, { attempts: 3, backoff: { type: 'fixed', delayMs: 150 } });
      await waitFor(async () => (await q.get(queue, id))?.state === 'completed');
      expect(runs.map((r) => r.attempt)).toEqual([1, 2, 3]);
      expect(await q.get(queue, id)).toMatchObject({ state: 'completed', attempt: 3, maxAttempts: 3 });
      expect((runs[1]?.at ?? 0) - (runs[0]?.at ?? 0)).toBeGreaterThanOrEqual(130);
      expect((runs[2]?.at ?? 0) - (runs[1]?.at ?? 0)).toBeGreaterThanOrEqual(130);
    });

    it('dead-letters a job that throws PermanentJobError, with its reason, without retrying', async () => {
      const q = await open();
      const queue = fresh('permanent');
      let runs = 0;
      q.process(queue, async () => {
        runs += 1;
        throw new PermanentJobError('errcode 43101 user refused to accept the msg');
      });
      const { id } = await q.enqueue(queue, {}, { attempts: 5, backoff: { type: 'fixed', delayMs: 10 } });
      await waitFor(async () => (await q.get(queue, id))?.state === 'dead');
      await sleep(100);
      expect(runs).toBe(1);
      const dead = await q.deadLetters(queue);
      expect(dead.map((j) => j.id)).toEqual([id]);
      expect(dead[0]?.lastError).toContain('errcode 43101 user refused');
    });

    it('dead-letters a job whose attempts are exhausted', async () => {
      const q = await open();
      const queue = fresh('exhausted');
      let runs = 0;
      q.process(queue, async () => {
        runs += 1;
        throw new Error(`system busy -1 (${runs})`);
      });
      const { id } = await q.enqueue(queue, {}, { attempts: 2, backoff: { type: 'fixed', delayMs: 20 } });
      await waitFor(async () => (await q.get(queue, id))?.state === 'dead');
      await sleep(100);
      expect(runs).toBe(2);
      expect(await q.get(queue, id)).toMatchObject({ state: 'dead', attempt: 2 });
      expect((await q.get(queue, id))?.lastError).toContain('system busy -1 (2)');
      expect((await q.deadLetters(queue)).map((j) => j.id)).toEqual([id]);
    });

    it('reschedules on RetryLaterError without consuming an attempt', async () => {
      const q = await open();
      const queue = fresh('retry-later');
      const attempts: number[] = [];
      const times: number[] = [];
      q.process(queue, async (job) => {
        attempts.push(job.attempt);
        times.push(Date.now());
        if (attempts.length <= 3) throw new RetryLaterError(100, 'errcode 45009 daily quota reached');
        if (attempts.length === 4) throw new Error('errcode -1 system busy');
      });
      const { id } = await q.enqueue(queue, {}, { attempts: 2, backoff: { type: 'fixed', delayMs: 20 } });
      await waitFor(async () => (await q.get(queue, id))?.state === 'completed');
      expect(attempts).toEqual([1, 1, 1, 1, 2]);
      expect((times[1] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(90);
    });

    it('re-runs on another worker a job whose worker died mid-job', async () => {
      const [doomed, survivor] = [await open(), await open()];
      const queue = fresh('crash');
      let doomedRuns = 0;
      doomed.process(queue, () => {
        doomedRuns += 1;
        return new Promise<void>(() => undefined);
      });
      const { id } = await doomed.enqueue(queue, { to: 'openid-1' });
      await waitFor(() => doomedRuns === 1);
      await doomed.abandon();
      opened = opened.filter((q) => q !== doomed);
      const rerun: Job[] = [];
      survivor.process(queue, async (job) => void rerun.push(job));
      await waitFor(async () => (await survivor.get(queue, id))?.state === 'completed', 15_000);
      expect(rerun.map((j) => [j.id, j.data])).toEqual([[id, { to: 'openid-1' }]]);
      expect(doomedRuns).toBe(1);
    });

    itCountsJobsByState({
      open,
      fresh,
      forget: (q) => {
        opened = opened.filter((o) => o !== q);
      },
    });

    it('answers undefined for an unknown job id', async () => {
      const q = await open();
      expect(await q.get(fresh('none'), 'no-such-job')).toBeUndefined();
    });
  });
}

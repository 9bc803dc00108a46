/** @module The Queue contract's backlog part: stats() and ping(), which /metrics and /readyz read. */
import { expect, it } from 'vitest';
import { PermanentJobError } from './job-errors.js';
import type { Queue } from './queue.types.js';

export interface StatsContractContext {
  /** A new queue over the shared backend, closed after the test. */
  open(): Promise<Queue & { abandon(): void | Promise<void> }>;
  /** A queue name of its own for this test. */
  fresh(label: string): string;
  /** Forget a queue the test abandoned, so it is not closed again. */
  forget(queue: Queue): void;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(10);
  }
}

export function itCountsJobsByState(ctx: StatsContractContext): void {
  it('counts waiting, active, delayed and dead jobs by name and ages the oldest waiting one', async () => {
    const [a, b] = [await ctx.open(), await ctx.open()];
    if (!a.stats || !a.ping) throw new Error('every wegate queue adapter implements stats() and ping()');
    const [waiting, delayed, dead, active] = [
      ctx.fresh('waiting'),
      ctx.fresh('delayed'),
      ctx.fresh('dead'),
      ctx.fresh('active'),
    ];
    await a.enqueue(waiting, { n: 1 });
    await sleep(300);
    await a.enqueue(waiting, { n: 2 });
    await a.enqueue(delayed, {}, { delayMs: 60_000 });
    const doomed = await a.enqueue(dead, {}, { attempts: 3 });
    b.process(dead, async () => {
      throw new PermanentJobError('errcode 43101 user refused to accept the msg');
    });
    let started = 0;
    b.process(active, () => new Promise<void>(() => void (started += 1)));
    await a.enqueue(active, {});
    await waitFor(async () => started === 1 && (await a.get(dead, doomed.id))?.state === 'dead');
    const stats = new Map((await a.stats()).map((s) => [s.name, s]));
    await b.abandon();
    ctx.forget(b);
    expect(stats.get(waiting)).toMatchObject({ waiting: 2, active: 0, delayed: 0, dead: 0 });
    expect(stats.get(waiting)?.oldestWaitingMs).toBeGreaterThanOrEqual(250);
    expect(stats.get(waiting)?.oldestWaitingMs).toBeLessThan(10_000);
    expect(stats.get(delayed)).toMatchObject({ waiting: 0, delayed: 1, oldestWaitingMs: 0 });
    expect(stats.get(dead)).toMatchObject({ waiting: 0, active: 0, dead: 1 });
    expect(stats.get(active)).toMatchObject({ waiting: 0, active: 1, dead: 0 });
    await expect(a.ping()).resolves.toBeUndefined();
  });
}

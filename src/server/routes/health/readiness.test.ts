import { describe, expect, it } from 'vitest';
import { createReadiness } from './readiness.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('createReadiness', () => {
  it('is ready only when every probe answers, and names the ones that did not', async () => {
    const readiness = createReadiness({
      cacheMs: 0,
      checks: [
        { name: 'store', probe: async () => undefined },
        {
          name: 'redis',
          probe: async () => {
            throw new Error('connect ECONNREFUSED 10.0.0.7:6379 (redis://:hunter2@10.0.0.7)');
          },
        },
      ],
    });
    const report = await readiness.check();
    expect(report).toEqual({ ready: false, checks: { store: 'ok', redis: 'failed' } });
    expect(JSON.stringify(report)).not.toMatch(/10\.0\.0\.7|hunter2|ECONNREFUSED/);
  });

  it('counts a probe that hangs as timed out, and does not start it again while it hangs', async () => {
    let started = 0;
    let release!: () => void;
    const readiness = createReadiness({
      timeoutMs: 50,
      cacheMs: 0,
      checks: [{ name: 'store', probe: () => ((started += 1), new Promise<void>((r) => (release = r))) }],
    });
    expect((await readiness.check()).checks).toEqual({ store: 'timeout' });
    expect((await readiness.check()).checks).toEqual({ store: 'timeout' });
    expect(started).toBe(1);
    release();
    await sleep(0);
    expect(await readiness.check()).toEqual({ ready: false, checks: { store: 'timeout' } });
    expect(started).toBe(2);
  });

  it('reuses a report within cacheMs and shares a running check among concurrent callers', async () => {
    let now = 1_000;
    let calls = 0;
    const readiness = createReadiness({
      cacheMs: 1_000,
      clock: { now: () => now },
      checks: [{ name: 'store', probe: async () => void (calls += 1) }],
    });
    await Promise.all(Array.from({ length: 20 }, () => readiness.check()));
    expect(calls).toBe(1);
    now += 999;
    await readiness.check();
    expect(calls).toBe(1);
    now += 1;
    expect(await readiness.check()).toEqual({ ready: true, checks: { store: 'ok' } });
    expect(calls).toBe(2);
  });
});

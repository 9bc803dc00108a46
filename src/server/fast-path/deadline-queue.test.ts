import { describe, expect, it } from 'vitest';
import { DeadlineQueue } from './deadline-queue.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('DeadlineQueue', () => {
  it('fires deadlines in due order, whatever order they were added in', async () => {
    const queue = new DeadlineQueue();
    const fired: string[] = [];
    queue.add(40, () => fired.push('40'));
    queue.add(10, () => fired.push('10'));
    queue.add(25, () => fired.push('25'));
    queue.add(0, () => fired.push('0'));
    expect(queue.size()).toBe(4);
    await sleep(80);
    expect(fired).toEqual(['0', '10', '25', '40']);
    expect(queue.size()).toBe(0);
  });

  it('does not fire a cancelled deadline, and cancelling twice or after firing is harmless', async () => {
    const queue = new DeadlineQueue();
    const fired: string[] = [];
    const first = queue.add(10, () => fired.push('first'));
    const second = queue.add(20, () => fired.push('second'));
    queue.add(30, () => fired.push('third'));
    queue.cancel(first);
    queue.cancel(first);
    await sleep(25);
    expect(fired).toEqual(['second']);
    queue.cancel(second);
    expect(queue.size()).toBe(1);
    await sleep(30);
    expect(fired).toEqual(['second', 'third']);
  });

  it('fires a deadline added earlier than the one the timer waits for on time', async () => {
    const queue = new DeadlineQueue();
    const fired: Array<[string, number]> = [];
    const start = performance.now();
    queue.add(1000, () => fired.push(['late', performance.now() - start]));
    queue.add(15, () => fired.push(['early', performance.now() - start]));
    await sleep(60);
    expect(fired.map(([name]) => name)).toEqual(['early']);
    expect(queue.size()).toBe(1);
    queue.cancel(queue['head']!);
    expect(queue.size()).toBe(0);
  });

  it('re-arms after the head is cancelled, and does not hold the process open with nothing pending', async () => {
    let now = 0;
    const queue = new DeadlineQueue(() => now);
    const fired: number[] = [];
    const a = queue.add(10, () => fired.push(10));
    queue.add(20, () => fired.push(20));
    queue.cancel(a);
    // The timer armed for 10 ms fires, finds nothing due at the clock's 0, and re-arms.
    await sleep(20);
    expect(fired).toEqual([]);
    now = 25;
    await sleep(20);
    expect(fired).toEqual([20]);
    const c = queue.add(50, () => fired.push(30));
    expect(queue['timer']?.hasRef()).toBe(true);
    queue.cancel(c);
    expect(queue['timer']?.hasRef()).toBe(false);
    queue.add(50, () => fired.push(40));
    expect(queue['timer']?.hasRef()).toBe(true);
    now = 100;
    await sleep(80);
    expect(fired).toEqual([20, 40]);
  });

  it('keeps its timer armed when a deadline throws', async () => {
    const queue = new DeadlineQueue();
    const fired: string[] = [];
    const errors: unknown[] = [];
    const onError = (error: unknown) => errors.push(error);
    const listeners = process.listeners('uncaughtException');
    process.removeAllListeners('uncaughtException');
    process.on('uncaughtException', onError);
    try {
      queue.add(5, () => {
        throw new Error('boom');
      });
      queue.add(30, () => fired.push('after'));
      await sleep(60);
    } finally {
      process.removeListener('uncaughtException', onError);
      for (const listener of listeners) process.on('uncaughtException', listener);
    }
    expect(errors).toHaveLength(1);
    expect(fired).toEqual(['after']);
  });
});

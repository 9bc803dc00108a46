import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../kernel/ports/store.types.js';
import { migrateInProcesses } from '../../../test/helpers/migrate-in-processes.js';
import { createSqliteStore } from '../sqlite/store.js';
import { migrations } from './migrations/index.js';
import { createSqlQueue, type SqlQueue } from './queue.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
async function until(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(10);
  }
}

describe('createSqlQueue (SQLite)', () => {
  let dir: string;
  let stores: Store[];
  let queues: SqlQueue[];
  const open = async (leaseMs = 300): Promise<SqlQueue> => {
    const store = createSqliteStore({ file: join(dir, 'q.db') });
    await store.migrate();
    stores.push(store);
    const queue = createSqlQueue({ store, pollIntervalMs: 20, leaseMs });
    queues.push(queue);
    return queue;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wegate-sqlq-unit-'));
    stores = [];
    queues = [];
  });
  afterEach(async () => {
    await Promise.all(queues.map((q) => q.close()));
    await Promise.all(stores.map((s) => s.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts the attempt of a worker that died, and dead-letters a job that died on its last attempt', async () => {
    const doomed = await open();
    let started = 0;
    doomed.process('send', () => {
      started += 1;
      return new Promise<void>(() => undefined);
    });
    const { id } = await doomed.enqueue('send', {}, { attempts: 1 });
    await until(async () => started === 1);
    doomed.abandon();
    const survivor = await open();
    let reran = 0;
    survivor.process('send', async () => void (reran += 1));
    await until(async () => (await survivor.get('send', id))?.state === 'dead');
    expect(reran).toBe(0);
    expect((await survivor.get('send', id))?.lastError).toContain('lease expired during the last attempt');
  });

  it('keeps the lease of a long job alive, so no other worker runs it meanwhile', async () => {
    const [a, b] = [await open(150), await open(150)];
    const runs: string[] = [];
    const slow = (who: string) => async () => {
      runs.push(who);
      await sleep(700);
    };
    a.process('slow', slow('a'));
    const { id } = await a.enqueue('slow', {});
    await until(async () => runs.length === 1);
    b.process('slow', slow('b'));
    await until(async () => (await a.get('slow', id))?.state === 'completed');
    expect(runs).toEqual(['a']);
    expect((await a.get('slow', id))?.attempt).toBe(1);
  });

  it('retryDead puts a dead job back with fresh attempts', async () => {
    const q = await open();
    let fail = true;
    const seen: number[] = [];
    q.process('tmpl', async (job) => {
      seen.push(job.attempt);
      if (fail) throw new Error('errcode 45047 out of limit');
    });
    const { id } = await q.enqueue('tmpl', {}, { attempts: 1 });
    await until(async () => (await q.get('tmpl', id))?.state === 'dead');
    expect(await q.retryDead('tmpl', 'no-such-id')).toBe(false);
    fail = false;
    expect(await q.retryDead('tmpl', id)).toBe(true);
    await until(async () => (await q.get('tmpl', id))?.state === 'completed');
    expect(seen).toEqual([1, 1]);
    expect(await q.deadLetters('tmpl')).toEqual([]);
  });

  it('close() waits for the jobs in flight and records their outcome', async () => {
    const q = await open();
    let release!: () => void;
    q.process('flight', () => new Promise<void>((resolve) => (release = resolve)));
    const { id } = await q.enqueue('flight', {});
    await until(async () => (await q.get('flight', id))?.state === 'active');
    const closing = q.close();
    await sleep(50);
    release();
    await closing;
    expect((await q.get('flight', id))?.state).toBe('completed');
  });

  it('migrates once when several processes open the same new file at once', async () => {
    const file = join(dir, 'race.db');
    expect(await migrateInProcesses(file, 3)).toEqual([0, 0, 0]);
    const store = createSqliteStore({ file });
    stores.push(store);
    const names = await store.db
      .selectFrom('wegate_migrations' as never)
      .select('name' as never)
      .execute();
    // Every migration recorded exactly once, in the order applied (by name, across products).
    expect(names).toEqual(
      Object.keys(migrations)
        .sort()
        .map((name) => ({ name })),
    );
  });
});

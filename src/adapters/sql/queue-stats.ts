/** @module selectQueueStats(): the SQL queue's jobs by name and state, in one grouped query. */
import { sql, type Kysely } from 'kysely';
import type { QueueStats } from '../../kernel/ports/queue.types.js';
import type { Database } from '../../kernel/ports/store.types.js';

type Counts = { -readonly [K in keyof QueueStats]: QueueStats[K] };

/**
 * Completed jobs are left out of the scan (they are most of the table until retention prunes them).
 * A delayed job whose time has come is waiting, as `get` reports it; its wait starts at `run_at`.
 */
export async function selectQueueStats(db: Kysely<Database>, now: number): Promise<QueueStats[]> {
  const due = sql<number>`case when run_at <= ${now} then 1 else 0 end`;
  const rows = await db
    .selectFrom('wegate_jobs')
    .select((eb) => [
      'queue',
      'state',
      due.as('due'),
      eb.fn.countAll().as('n'),
      eb.fn.min('run_at').as('oldest'),
    ])
    .where('state', 'in', ['waiting', 'delayed', 'active', 'dead'])
    .groupBy(['queue', 'state', sql.ref('due')])
    .execute();
  const byName = new Map<string, Counts>();
  for (const row of rows) {
    const counts = byName.get(row.queue) ?? empty(row.queue);
    byName.set(row.queue, counts);
    const n = Number(row.n);
    if (row.state === 'active') counts.active += n;
    else if (row.state === 'dead') counts.dead += n;
    else if (Number(row.due) === 1) {
      counts.waiting += n;
      counts.oldestWaitingMs = Math.max(counts.oldestWaitingMs, now - Number(row.oldest));
    } else counts.delayed += n;
  }
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
}

function empty(name: string): Counts {
  return { name, waiting: 0, active: 0, delayed: 0, dead: 0, oldestWaitingMs: 0 };
}

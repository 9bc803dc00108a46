/**
 * What auditing adds to an operation: a transaction writing one order row, alone, with its audit record in
 * the same transaction, and followed by a queued record (the enqueue a request waits for), on SQLite and
 * PostgreSQL, rounds interleaved so the machine's load hits every variant alike.
 * Run: node --import tsx bench/audit.ts   (TEST_DATABASE_URL for PostgreSQL)
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { createSqlQueue } from '../src/adapters/sql/queue.js';
import { createSqliteStore } from '../src/adapters/sqlite/store.js';
import { createAudit } from '../src/audit/index.js';
import type { Store } from '../src/kernel/ports/store.types.js';
import { createTestSchemaStore } from '../test/helpers/postgres.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const PER_ROUND = Number(process.env.BENCH_N ?? 200);

type Variant = [name: string, run: () => Promise<void>];

function variants(store: Store, queue: ReturnType<typeof createSqlQueue>): Variant[] {
  const audit = createAudit({ store, queue });
  const entry = {
    actor: 'user:1',
    action: 'bench.order.create',
    result: 'ok',
    ip: '192.0.2.1',
    traceId: 'r',
  };
  const order = (trx: Parameters<Parameters<ReturnType<Store['db']['transaction']>['execute']>[0]>[0]) =>
    sql`insert into bench_orders (id, total) values (${randomUUID()}, 100)`.execute(trx);
  return [
    ['operation alone', () => store.db.transaction().execute(async (trx) => void (await order(trx)))],
    [
      'audit in the transaction',
      () =>
        store.db.transaction().execute(async (trx) => {
          await order(trx);
          await audit.recordInTransaction(trx, entry);
        }),
    ],
    [
      'audit through the queue (enqueue)',
      async () => {
        await store.db.transaction().execute(async (trx) => void (await order(trx)));
        await audit.record(entry);
      },
    ],
  ];
}

async function measure(label: string, store: Store): Promise<void> {
  await store.migrate();
  await sql`create table bench_orders (id text primary key, total integer)`.execute(store.db);
  const queue = createSqlQueue({ store });
  const list = variants(store, queue);
  const times = new Map<string, number[]>(list.map(([name]) => [name, []]));
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const [name, run] of list) {
      for (let i = 0; i < PER_ROUND; i += 1) {
        const t = performance.now();
        await run();
        times.get(name)!.push(performance.now() - t);
      }
    }
  }
  const base = median(times.get('operation alone')!);
  for (const [name] of list) {
    const sorted = times.get(name)!.sort((a, b) => a - b);
    const p50 = median(sorted);
    const p99 = sorted[Math.floor(sorted.length * 0.99)] ?? 0;
    console.log(
      `| ${label} | ${name} | ${p50.toFixed(3)} | ${p99.toFixed(3)} | ${(p50 / base).toFixed(2)}× |`,
    );
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

console.log(
  `audit cost per operation, ${ROUNDS}×${PER_ROUND} each, ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}`,
);
console.log('| store | variant | p50 ms | p99 ms | p50 vs alone |\n|---|---|---|---|---|');
const dir = mkdtempSync(join(tmpdir(), 'wegate-bench-audit-'));
const sqlite = createSqliteStore({ file: join(dir, 'wegate.db') });
await measure('SQLite', sqlite);
await sqlite.close();
rmSync(dir, { recursive: true, force: true });
const pg = await createTestSchemaStore('wegate_bench_audit');
try {
  await measure('PostgreSQL', pg.store);
} finally {
  await pg.cleanup();
}

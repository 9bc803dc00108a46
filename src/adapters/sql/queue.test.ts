import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeQueueContract } from '../../kernel/ports/queue.contract.js';
import type { Store } from '../../kernel/ports/store.types.js';
import { createTestSchemaStore } from '../../../test/helpers/postgres.js';
import { createSqliteStore } from '../sqlite/store.js';
import { createSqlQueue } from './queue.js';

const fast = { pollIntervalMs: 20, leaseMs: 600 };

describeQueueContract('SQL queue on SQLite (two connections to one file)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wegate-sqlq-'));
  const stores: Store[] = [];
  return {
    async open() {
      const store = createSqliteStore({ file: join(dir, 'wegate.db') });
      stores.push(store);
      await store.migrate();
      return createSqlQueue({ store, ...fast });
    },
    async cleanup() {
      await Promise.all(stores.map((s) => s.close()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describeQueueContract('SQL queue on PostgreSQL (schema per suite)', async () => {
  const t = await createTestSchemaStore('wegate_sqlq');
  await t.store.migrate();
  return {
    async open() {
      return createSqlQueue({ store: await t.open(), ...fast });
    },
    cleanup: () => t.cleanup(),
  };
});

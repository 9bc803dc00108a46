/**
 * @module A process that performs operations, each writing its own row and its audit record in one
 * transaction, and seals the chain now and then (for the multi-process and SIGKILL tests).
 * Env: AUDIT_DB (`sqlite:<file>` or `postgres:<schema>`), AUDIT_OPS (count; 0 = until killed), AUDIT_TAG.
 */
import { sql } from 'kysely';
import { createPostgresStore } from '../adapters/postgres/store.js';
import { createSqliteStore } from '../adapters/sqlite/store.js';
import { testDatabaseUrl } from '../../test/helpers/postgres.js';
import { createAudit } from './create-audit.js';

const target = process.env.AUDIT_DB ?? '';
const withApplicationName = (url: string, name: string) =>
  `${url}${url.includes('?') ? '&' : '?'}application_name=${encodeURIComponent(name)}`;
const ops = Number(process.env.AUDIT_OPS ?? '0');
const tag = process.env.AUDIT_TAG ?? String(process.pid);
const store = target.startsWith('sqlite:')
  ? createSqliteStore({ file: target.slice('sqlite:'.length), busyTimeoutMs: 20_000 })
  : await createPostgresStore({
      // Named after the schema, so a test can wait for a killed writer's sessions to end.
      url: withApplicationName(testDatabaseUrl(), `wegate-audit-${target.slice('postgres:'.length)}`),
      schema: target.slice('postgres:'.length),
      poolSize: 2,
    });
const audit = createAudit({ store });
for (let n = 1; ops === 0 || n <= ops; n += 1) {
  const id = `${tag}-${n}`;
  await store.db.transaction().execute(async (trx) => {
    await sql`insert into audit_test_ops (id) values (${id})`.execute(trx);
    await audit.recordInTransaction(trx, {
      actor: `user:${tag}`,
      action: 'test.op',
      target: `op:${id}`,
      result: 'ok',
    });
  });
  if (n === 1) process.stdout.write('started\n');
  if (n % 5 === 0) await audit.seal();
}
await audit.seal();
await store.close();

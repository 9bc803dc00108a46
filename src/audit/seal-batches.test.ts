/**
 * Sealing more records than one batch (500) and one UPDATE (100) at once: every record gets the next seq
 * in (at, id) order and the hash chain verifies, on SQLite and PostgreSQL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../adapters/sqlite/store.js';
import type { Store } from '../kernel/ports/store.types.js';
import { createTestSchemaStore } from '../../test/helpers/postgres.js';
import { createAudit } from './create-audit.js';

const COUNT = 650;

async function sqlite(): Promise<{ store: Store; cleanup(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'wegate-audit-seal-'));
  const store = createSqliteStore({ file: join(dir, 'wegate.db') });
  return {
    store,
    async cleanup() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe.each([
  ['SQLite', sqlite],
  ['PostgreSQL', () => createTestSchemaStore('wegate_audit_seal')],
])('sealing in batches on %s', (_name, open) => {
  let backend: { store: Store; cleanup(): Promise<void> };
  beforeAll(async () => {
    backend = await open();
    await backend.store.migrate();
  });
  afterAll(() => backend.cleanup());

  it(`chains ${COUNT} records in one seal, in (at, id) order, and the chain verifies`, async () => {
    let clock = 1_700_000_000_000;
    const audit = createAudit({ store: backend.store, now: () => clock });
    for (let n = 0; n < COUNT; n += 1) {
      clock += n % 3 === 0 ? 1 : 0; // several records share a millisecond: id breaks the tie
      await audit.record({ actor: `user:u${n}`, action: 'test.seal', result: 'ok', after: { n } });
    }
    expect(await audit.seal()).toBe(COUNT);
    const rows = await backend.store.db
      .selectFrom('wegate_audit_records')
      .select(['seq', 'at', 'id', 'hash'])
      .orderBy('at')
      .orderBy('id')
      .execute();
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: COUNT }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r.hash)).size).toBe(COUNT);
    expect(await audit.verify()).toEqual({ ok: true, checked: COUNT, unsealed: 0 });
    expect(await audit.seal()).toBe(0);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createAudit } from '../audit/index.js';
import { createSqliteStore } from '../adapters/sqlite/store.js';
import { runAuditCommand } from './audit-command.js';

const dataDir = mkdtempSync(join(tmpdir(), 'wegate-audit-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const env = { WEGATE_SANDBOX: '1', WEGATE_DATA_DIR: dataDir };

async function withStore<T>(fn: (store: ReturnType<typeof createSqliteStore>) => Promise<T>): Promise<T> {
  const store = createSqliteStore({ file: join(dataDir, 'wegate.db') });
  try {
    await store.migrate();
    return await fn(store);
  } finally {
    await store.close();
  }
}

describe('wegate audit verify', () => {
  it('seals what servers left unsealed and reports a verified chain', async () => {
    await withStore(async (store) => {
      const audit = createAudit({ store });
      for (const n of [1, 2, 3, 4]) {
        await audit.record({
          actor: `user:${n}`,
          action: 'auth.login',
          target: 'app:wx1',
          result: 'ok',
          at: n,
        });
      }
    });
    const lines: string[] = [];
    const verdict = await runAuditCommand(['verify'], env, (line) => lines.push(line));
    expect(verdict).toEqual({ ok: true, checked: 4, unsealed: 0 });
    expect(lines).toEqual(['audit chain verified: 4 records']);
  });

  it('fails naming the record whose field was edited in the database', async () => {
    const victim = await withStore(async (store) => {
      const row = await store.db
        .selectFrom('wegate_audit_records')
        .select(['id', 'seq'])
        .where('seq', '=', 3)
        .executeTakeFirstOrThrow();
      await store.db
        .updateTable('wegate_audit_records')
        .set({ actor: 'user:someone-else' })
        .where('id', '=', row.id)
        .execute();
      return row;
    });
    await expect(runAuditCommand(['verify'], env, () => undefined)).rejects.toThrow(
      `audit chain broken at record ${victim.id} (seq 3): its hash does not match its content; 2 records before it verified`,
    );
  });

  it('answers its usage for anything but verify', async () => {
    await expect(runAuditCommand(['check'], env)).rejects.toThrow(/usage: wegate audit verify/);
  });
});

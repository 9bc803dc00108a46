import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestSchemaStore, type TestSchemaStore } from '../../test/helpers/postgres.js';
import { definePlugin } from './define-plugin.js';
import { migratePlugins } from './plugin-runtime.js';

let t: TestSchemaStore | undefined;
afterEach(async () => {
  await t?.cleanup();
  t = undefined;
});

const counter = definePlugin({
  name: 'click-counter',
  migrations: {
    '0001-clicks': {
      up: async (db) => {
        await db.schema
          .createTable('clicks')
          .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
          .execute();
      },
    },
    '0002-clicks-at': {
      up: async (db) => {
        await db.schema.alterTable('clicks').addColumn('at', 'bigint').execute();
      },
    },
  },
});

describe('plugin migrations on PostgreSQL', () => {
  it('are applied once from several processes at once, in the plugin’s own table of the store’s schema', async () => {
    t = await createTestSchemaStore('wegate_plugin_mig');
    await t.store.migrate();
    const other = await t.open();
    await Promise.all([migratePlugins(t.store, [counter]), migratePlugins(other, [counter])]);
    await migratePlugins(t.store, [counter]);
    const { rows } = await sql<{ name: string }>`
      select name from ${sql.table(`${t.schema}.wegate_plugin_click_counter_migrations`)} order by name`.execute(
      t.store.db,
    );
    expect(rows.map((r) => r.name)).toEqual(['0001-clicks', '0002-clicks-at']);
    const columns = await sql<{ column_name: string }>`
      select column_name from information_schema.columns
      where table_schema = ${t.schema} and table_name = 'clicks' order by column_name`.execute(t.store.db);
    expect(columns.rows.map((r) => r.column_name)).toEqual(['at', 'id']);
    // wegate's own record is untouched by the plugin's.
    const ours = await sql<{ name: string }>`select name from wegate_migrations`.execute(t.store.db);
    expect(ours.rows.map((r) => r.name)).not.toContain('0001-clicks');
  });

  it('stop the start naming the plugin when one fails', async () => {
    t = await createTestSchemaStore('wegate_plugin_mig');
    await t.store.migrate();
    const broken = definePlugin({
      name: 'broken',
      migrations: { '0001-bad': { up: async (db) => void (await sql`select * from nowhere`.execute(db)) } },
    });
    await expect(migratePlugins(t.store, [broken])).rejects.toThrow(
      /^plugins: broken: migration 0001-bad failed$/,
    );
  });
});

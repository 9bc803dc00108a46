/** The server runtime's Mini Program client reaching the sandbox cloud database through the in-process emulator. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCloudDatabase, type CloudDatabase } from '../../src/cloud/index.js';
import { SANDBOX_CLOUD_ENV } from '../../src/server/routes/files/file-routes.types.js';
import { main, type RunningServer } from '../../src/server/main.js';
import { freePort } from '../helpers/free-port.js';
import { cleanEnv } from '../helpers/run-cli.js';

interface Order {
  owner: string;
  amount: number;
  note: string;
}

let server: RunningServer;
let dataDir: string;
let db: CloudDatabase;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'wegate-clouddb-'));
  const env = cleanEnv({
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
    WEGATE_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
  });
  server = await main({ env, cwd: dataDir });
  db = createCloudDatabase({ env: SANDBOX_CLOUD_ENV }, { api: server.deps.apps.mp!.api });
  await db.collectionAdd('orders');
});

afterAll(async () => {
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('cloud database through the sandbox server', () => {
  it('adds, queries, counts, updates, aggregates and removes documents', async () => {
    const orders = db.collection<Order>('orders');
    const added = await orders.add({ owner: 'ann', amount: 300, note: '"}).remove()//' });
    await orders.add({ owner: 'ann', amount: 200, note: 'second' });
    await orders.add({ owner: 'bob', amount: 700, note: 'third' });
    expect(added.id_list).toHaveLength(1);

    const _ = db.command;
    const big = await orders
      .where({ amount: _.gte(250) })
      .orderBy('amount', 'desc')
      .get();
    expect(big.data.map((d) => d.amount)).toEqual([700, 300]);
    // The injection-shaped note was stored as a value and matches literally.
    const literal = await orders.where({ note: '"}).remove()//' }).get();
    expect(literal.data.map((d) => d._id)).toEqual(added.id_list);
    expect(await orders.count()).toBe(3);

    const updated = await orders.where({ owner: 'ann' }).update({ amount: _.inc(1) });
    expect(updated.matched).toBe(2);

    const $ = db.command.aggregate;
    const totals = await orders
      .aggregate()
      .group({ _id: '$owner', total: $.sum('$amount') })
      .sort({ total: -1 })
      .end();
    expect(totals).toEqual([
      { _id: 'bob', total: 700 },
      { _id: 'ann', total: 502 },
    ]);

    const removed = await orders.where({ owner: 'bob' }).remove();
    expect(removed.deleted).toBe(1);
    expect(await orders.count()).toBe(2);
  });
});

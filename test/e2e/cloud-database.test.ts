/** The server runtime's Mini Program client reaching the sandbox cloud database through the in-process emulator. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCloudDatabase, type CloudDatabase } from '../../src/cloud/index.js';
import { SANDBOX_CLOUD_ENV } from '../../src/server/routes/files/file-routes.types.js';
import type { RunningServer } from '../../src/server/main.js';
import { startSandboxServer, type SandboxServer } from '../helpers/sandbox-server.js';

interface Order {
  owner: string;
  amount: number;
  note: string;
}

let server: RunningServer;
let sandbox: SandboxServer;
let db: CloudDatabase;

beforeAll(async () => {
  sandbox = await startSandboxServer('clouddb');
  server = sandbox.server;
  db = createCloudDatabase({ env: SANDBOX_CLOUD_ENV }, { api: server.deps.apps.mp!.api });
  await db.collectionAdd('orders');
});

afterAll(async () => {
  await sandbox?.close();
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

import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqlQueue } from '../../src/adapters/sql/queue.js';
import { createPayOrders } from '../../src/pay/orders/index.js';
import { startPayFixture, type PayFixture } from '../fixtures/v3/start-pay-fixture.js';
import { createTestSchemaStore, testDatabaseUrl, type TestSchemaStore } from '../helpers/postgres.js';
import { eventually, postNotify, tableCounts } from '../helpers/pay-server.js';
import { ROOT } from '../helpers/run-cli.js';

const WORKER = fileURLToPath(new URL('../helpers/pay-notify-worker.ts', import.meta.url));
let fixture: PayFixture;
let pg: TestSchemaStore;
const children: ChildProcess[] = [];

interface Worker {
  child: ChildProcess;
  port: number;
  paused: Promise<string>;
  events: string[];
}

function startWorker(pause: string): Promise<Worker> {
  const privateKey = fixture.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const merchant = { ...fixture, privateKey, baseUrl: fixture.baseUrl, appid: fixture.appid };
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER], {
    cwd: ROOT,
    env: {
      ...process.env,
      WORKER_DATABASE_URL: testDatabaseUrl(),
      WORKER_SCHEMA: pg.schema,
      WORKER_PAUSE: pause,
      WORKER_MERCHANT: JSON.stringify({
        mchid: merchant.mchid,
        apiv3Key: merchant.apiv3Key,
        certSerial: merchant.certSerial,
        privateKey,
        baseUrl: merchant.baseUrl,
        appid: merchant.appid,
      }),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const events: string[] = [];
  let onPaused: (id: string) => void = () => undefined;
  const paused = new Promise<string>((resolve) => (onPaused = resolve));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const msg = JSON.parse(line) as { port?: number; paused?: string; event?: string };
      if (msg.port) resolve({ child, port: msg.port, paused, events });
      if (msg.paused) onPaused(msg.paused);
      if (msg.event) events.push(msg.event);
    });
  });
}

beforeAll(async () => {
  fixture = await startPayFixture();
  pg = await createTestSchemaStore('pay_crash');
  await pg.store.migrate();
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await pg?.cleanup();
  await fixture?.close();
});

/** Places and pays an order; returns the notification WeChat Pay sent (captured by the fixture's sink). */
async function paidNotification(outTradeNo: string, index: number) {
  const queue = createSqlQueue({ store: pg.store });
  const client = fixture.client();
  const orders = createPayOrders({
    store: pg.store,
    pay: client,
    queue,
    mchid: fixture.mchid,
    appid: fixture.appid,
    notifyUrl: fixture.notifyUrl,
  });
  const order = await orders.createJsapiOrder({
    outTradeNo,
    openid: 'o-crash',
    amount: 4200,
    description: 'Crash',
  });
  await fixture.control('POST', '/request-payment', { ...order.requestPayment, action: 'pay' });
  const received = (await fixture.waitForNotifications(index + 1))[index]!;
  await queue.close();
  const headers = Object.fromEntries(
    Object.entries(received.headers).filter(([k]) => k.startsWith('wechatpay-') || k === 'content-type'),
  ) as Record<string, string>;
  return { headers, body: received.rawBody };
}

describe.each(['in-transaction', 'after-commit'] as const)('a server killed %s (PostgreSQL)', (phase) => {
  it('yields one state change and one business job after restart and redelivery', async () => {
    const index = phase === 'in-transaction' ? 0 : 1;
    const outTradeNo = `T-CRASH-${index}`;
    const n = await paidNotification(outTradeNo, index);
    const dying = await startWorker(phase);
    const first = postNotify(`http://127.0.0.1:${dying.port}`, n.headers, n.body).catch(() => ({
      status: 0,
    }));
    await dying.paused;
    dying.child.kill('SIGKILL');
    expect((await first).status).toBe(0);
    const before = await pg.store.db
      .selectFrom('wegate_pay_notifications')
      .selectAll()
      .where('out_trade_no', '=', outTradeNo)
      .execute();
    // Killed after commit: the row (its own outbox entry) is there, the job is not; killed before: nothing.
    expect(before.map((r) => r.dispatched_at)).toEqual(phase === 'after-commit' ? [null] : []);
    const survivor = await startWorker('none');
    const retries = await Promise.all(
      Array.from({ length: 5 }, () => postNotify(`http://127.0.0.1:${survivor.port}`, n.headers, n.body)),
    );
    expect(retries.map((r) => r.status)).toEqual([204, 204, 204, 204, 204]);
    await eventually(() => expect(survivor.events).toEqual(['pay.transaction.success']), 10_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(survivor.events).toHaveLength(1);
    const order = await pg.store.db
      .selectFrom('wegate_pay_orders')
      .selectAll()
      .where('out_trade_no', '=', outTradeNo)
      .executeTakeFirstOrThrow();
    expect(order.state).toBe('SUCCESS');
    const rows = await pg.store.db
      .selectFrom('wegate_pay_notifications')
      .selectAll()
      .where('out_trade_no', '=', outTradeNo)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.dispatched_at).not.toBeNull();
    const jobs = (await tableCounts(pg.store)).jobs.filter((j) => j.idempotency_key === rows[0]?.id);
    expect(jobs).toHaveLength(1);
    survivor.child.kill('SIGTERM');
  }, 30_000);
});

/**
 * One wegate server process with WeChat Pay on a PostgreSQL schema, for the pay crash e2e test. With
 * WORKER_PAUSE=in-transaction|after-commit the notification stops there forever (the test kills us).
 * Prints {"port":n} once listening, {"paused":id} when stopped and {"event":name} per business job.
 */
import { createPostgresStore } from '../../src/adapters/postgres/store.js';
import { createSqlQueue } from '../../src/adapters/sql/queue.js';
import { createPayClient } from '../../src/pay/create-pay-client.js';
import { createPayOrders, type PayEventData } from '../../src/pay/orders/index.js';
import type { Job } from '../../src/kernel/ports/index.js';
import { buildApp } from '../../src/server/build-app.js';
import { testConfig } from './test-config.js';
import { testDeps } from './test-deps.js';

const env = process.env;
const say = (line: object) => process.stdout.write(JSON.stringify(line) + '\n');
const store = await createPostgresStore({
  url: env.WORKER_DATABASE_URL!,
  schema: env.WORKER_SCHEMA!,
  poolSize: 4,
});
const queue = createSqlQueue({ store, pollIntervalMs: 20 });
const merchant = JSON.parse(env.WORKER_MERCHANT!) as Record<string, string>;
const client = createPayClient({
  mchid: merchant.mchid!,
  apiv3Key: merchant.apiv3Key!,
  privateKey: merchant.privateKey!,
  certSerial: merchant.certSerial!,
  appid: merchant.appid!,
  baseUrl: merchant.baseUrl!,
});
const pause = (phase: string) => async (id: string) => {
  if (env.WORKER_PAUSE !== phase) return;
  say({ paused: id });
  await new Promise(() => undefined);
};
const orders = createPayOrders({
  store,
  pay: client,
  queue,
  mchid: merchant.mchid!,
  appid: merchant.appid!,
  notifyUrl: 'http://127.0.0.1:9/pay/notify',
  hooks: { inTransaction: pause('in-transaction'), afterCommit: pause('after-commit') },
});
const record = async (job: Job<PayEventData>) => void say({ event: job.name, id: job.data.notificationId });
const app = await buildApp(
  testConfig({ sandbox: false }),
  testDeps({ store, queue }, { pay: { client, orders }, payHandlers: { 'pay.transaction.success': record } }),
);
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
say({ port: typeof address === 'object' && address ? address.port : 0 });
process.once('SIGTERM', () => {
  void app
    .close()
    .then(() => queue.close())
    .then(() => store.close())
    .then(() => process.exit(0));
});

/** @module Test kit: our server with WeChat Pay against the emulator fixture, plus a signer of crafted notifications. */
import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { createSqlQueue } from '../../src/adapters/sql/queue.js';
import { encryptAes256Gcm } from '../../src/kernel/crypto/index.js';
import type { Clock, Job, Queue, Store } from '../../src/kernel/ports/index.js';
import { signPayMessage } from '../../src/emulator/pay/sign-pay-message.js';
import { payTime } from '../../src/emulator/pay/pay-time.js';
import {
  createPayOrders,
  type PayEventData,
  type PayOrders,
  type PayOrdersHooks,
} from '../../src/pay/orders/index.js';
import { createReconciler, type Reconciler } from '../../src/pay/reconcile/index.js';
import { buildApp } from '../../src/server/build-app.js';
import type { PayClient } from '../../src/pay/create-pay-client.js';
import type { PayFixture } from '../fixtures/v3/start-pay-fixture.js';
import { testConfig } from './test-config.js';
import { testDeps } from './test-deps.js';

export interface PayServer {
  readonly app: FastifyInstance;
  readonly url: string;
  readonly client: PayClient;
  readonly orders: PayOrders;
  /** Not scheduled: tests run it. */
  readonly reconciler: Reconciler;
  readonly queue: Queue;
  /** Business jobs the handlers ran, in order. */
  readonly events: Array<Job<PayEventData>>;
  /** Shifts the server's clock (stale timestamps). */
  offsetMs: number;
  close(): Promise<void>;
}

export interface PayServerOptions {
  readonly store: Store;
  readonly fixture: PayFixture;
  /** Where orders ask WeChat Pay to notify (default: this server). */
  readonly notifyUrl?: string;
  readonly hooks?: PayOrdersHooks;
}

/** The WeChat Pay public key of the fixture, for public-key merchants. */
export async function publicKeyOverrides(fixture: PayFixture) {
  const keys = await fixture.control('GET', '/keys');
  return { publicKey: keys.json.publicKeyPem as string, publicKeyId: keys.json.publicKeyId as string };
}

export async function startPayServer(options: PayServerOptions, overrides = {}): Promise<PayServer> {
  const { store, fixture } = options;
  const clockState = { offsetMs: 0 };
  const clock: Clock = { now: () => Date.now() + clockState.offsetMs };
  const client = fixture.client(overrides, { clock });
  const queue = createSqlQueue({ store, pollIntervalMs: 20 });
  let url = '';
  const orders = createPayOrders({
    store,
    pay: client,
    queue,
    mchid: fixture.mchid,
    appid: fixture.appid,
    notifyUrl: () => options.notifyUrl ?? `${url}/pay/notify`,
    ...(options.hooks ? { hooks: options.hooks } : {}),
  });
  const reconciler = createReconciler({ store, pay: client, orders, pendingAfterMs: 0 });
  const events: Array<Job<PayEventData>> = [];
  const record = async (job: Job<PayEventData>) => void events.push(job);
  const app = await buildApp(
    testConfig({ sandbox: false }),
    testDeps(
      { store, queue },
      {
        pay: { client, orders },
        payHandlers: { 'pay.transaction.success': record, 'pay.refund.success': record },
      },
    ),
  );
  url = await app.listen({ port: 0, host: '127.0.0.1' });
  const server: PayServer = {
    app,
    url,
    client,
    orders,
    reconciler,
    queue,
    events,
    get offsetMs() {
      return clockState.offsetMs;
    },
    set offsetMs(value: number) {
      clockState.offsetMs = value;
    },
    close: async () => {
      await app.close();
      await queue.close();
    },
  };
  return server;
}

/** A notification as WeChat Pay would send it, encrypted with the merchant's key and signed by the emulator's. */
export async function craftNotification(
  fixture: PayFixture,
  event: { event_type: string; original_type: 'transaction' | 'refund'; resource: object },
  tamper: { ciphertext?: boolean } = {},
) {
  const nonce = randomBytes(6).toString('hex');
  let ciphertext = encryptAes256Gcm({
    key: fixture.apiv3Key,
    nonce,
    associatedData: event.original_type,
    plaintext: JSON.stringify(event.resource),
  });
  if (tamper.ciphertext)
    ciphertext = `${ciphertext.slice(0, 8)}${ciphertext[8] === 'A' ? 'B' : 'A'}${ciphertext.slice(9)}`;
  const body = JSON.stringify({
    id: randomUUID(),
    create_time: payTime(Date.now()),
    resource_type: 'encrypt-resource',
    event_type: event.event_type,
    summary: 'crafted',
    resource: {
      original_type: event.original_type,
      algorithm: 'AEAD_AES_256_GCM',
      ciphertext,
      associated_data: event.original_type,
      nonce,
    },
  });
  const keys = await fixture.world.pay.keys.ready();
  const merchant = fixture.world.pay.merchants.get(fixture.mchid)!;
  const headers = signPayMessage(keys, merchant, body, { nowMs: Date.now() });
  return { headers: { ...headers, 'content-type': 'application/json' } as Record<string, string>, body };
}

/** POSTs a notification to our server; resolves with the status and body. */
export async function postNotify(url: string, headers: Record<string, string>, body: string) {
  const res = await fetch(`${url}/pay/notify`, { method: 'POST', headers, body });
  return { status: res.status, text: await res.text() };
}

/** Polls until `check` passes (throws its last error after `timeoutMs`). */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/** Counts the rows the tests assert on. */
export async function tableCounts(store: Store) {
  const count = async (table: 'wegate_pay_notifications' | 'wegate_pay_orders' | 'wegate_pay_refunds') =>
    Number(
      (
        await store.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const jobs = await store.db
    .selectFrom('wegate_jobs')
    .select(['queue', 'idempotency_key'])
    .where('queue', 'like', 'pay.%')
    .execute();
  return {
    notifications: await count('wegate_pay_notifications'),
    orders: await count('wegate_pay_orders'),
    refunds: await count('wegate_pay_refunds'),
    jobs: jobs.filter((j) => j.queue !== 'pay.reconcile'),
  };
}

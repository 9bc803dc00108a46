/** @module Pay notify throughput: `node --import tsx bench/notify.ts` (verify + decrypt + persist) on SQLite and PostgreSQL. */
import { generateKeyPairSync, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, platform, release, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Pool } from 'undici';
import { createPostgresStore } from '../src/adapters/postgres/store.js';
import { createSqlQueue } from '../src/adapters/sql/queue.js';
import { createSqliteStore } from '../src/adapters/sqlite/store.js';
import {
  buildPaySignMessage,
  encryptAes256Gcm,
  randomNonce,
  signRsaSha256,
} from '../src/kernel/crypto/index.js';
import type { Store } from '../src/kernel/ports/index.js';
import { createPayClient } from '../src/pay/create-pay-client.js';
import { createPayOrders } from '../src/pay/orders/index.js';
import { buildApp } from '../src/server/build-app.js';
import { testConfig } from '../test/helpers/test-config.js';
import { testDeps } from '../test/helpers/test-deps.js';

const N = Number(process.env.BENCH_N ?? 3000);
const CONNECTIONS = 20;
const MCHID = '1900000109';
const APPID = 'wxbench000000001';
const APIV3 = randomBytes(16).toString('hex');
const PUB_KEY_ID = 'PUB_KEY_ID_0119000001092026000100000000000001';
const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

interface Signed {
  headers: Record<string, string>;
  body: string;
}

function notification(no: string, wechatKey: KeyObject): Signed {
  const nonce = randomNonce(12);
  const resource = {
    appid: APPID,
    mchid: MCHID,
    out_trade_no: no,
    transaction_id: `42${no.slice(2)}`,
    trade_type: 'JSAPI',
    trade_state: 'SUCCESS',
    trade_state_desc: '支付成功',
    payer: { openid: 'o-bench' },
    amount: { total: 100, payer_total: 100, currency: 'CNY', payer_currency: 'CNY' },
  };
  const ciphertext = encryptAes256Gcm({
    key: APIV3,
    nonce,
    associatedData: 'transaction',
    plaintext: JSON.stringify(resource),
  });
  const body = JSON.stringify({
    id: randomUUID(),
    create_time: new Date().toISOString(),
    resource_type: 'encrypt-resource',
    event_type: 'TRANSACTION.SUCCESS',
    summary: '支付成功',
    resource: {
      original_type: 'transaction',
      algorithm: 'AEAD_AES_256_GCM',
      ciphertext,
      associated_data: 'transaction',
      nonce,
    },
  });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const sigNonce = randomNonce(32);
  const signature = signRsaSha256(buildPaySignMessage([timestamp, sigNonce, body]), wechatKey);
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'wechatpay-timestamp': timestamp,
      'wechatpay-nonce': sigNonce,
      'wechatpay-serial': PUB_KEY_ID,
      'wechatpay-signature': signature,
      'wechatpay-signature-type': 'WECHATPAY2-SHA256-RSA2048',
    },
  };
}

async function seedOrders(store: Store, prefix: string): Promise<string[]> {
  const now = Date.now();
  const nos = Array.from({ length: N }, (_, i) => `${prefix}${String(i).padStart(8, '0')}`);
  for (let i = 0; i < nos.length; i += 500) {
    await store.db
      .insertInto('wegate_pay_orders')
      .values(
        nos.slice(i, i + 500).map((no) => ({
          out_trade_no: no,
          appid: APPID,
          mchid: MCHID,
          openid: 'o-bench',
          amount_total: 100,
          currency: 'CNY',
          description: 'bench',
          state: 'NOTPAY',
          transaction_id: null,
          prepay_id: null,
          created_at: now,
          updated_at: now,
          paid_at: null,
        })),
      )
      .execute();
  }
  return nos;
}

async function run(label: string, store: Store, prefix: string) {
  const merchantKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const wechat = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const client = createPayClient({
    mchid: MCHID,
    apiv3Key: APIV3,
    privateKey: merchantKey,
    certSerial: 'BENCH',
    appid: APPID,
    baseUrl: 'http://127.0.0.1:9',
    publicKey: wechat.publicKey,
    publicKeyId: PUB_KEY_ID,
  });
  const queue = createSqlQueue({ store });
  const orders = createPayOrders({
    store,
    pay: client,
    queue,
    mchid: MCHID,
    appid: APPID,
    notifyUrl: 'http://127.0.0.1:9',
  });
  const app = await buildApp(
    testConfig({ sandbox: false }),
    testDeps({ store, queue }, { pay: { client, orders } }),
  );
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const signed = (await seedOrders(store, prefix)).map((no) => notification(no, wechat.privateKey));
  const pool = new Pool(url, { connections: CONNECTIONS });
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      for (let i = next++; i < signed.length; i = next++) {
        const t = performance.now();
        const res = await pool.request({
          method: 'POST',
          path: '/pay/notify',
          headers: signed[i]!.headers,
          body: signed[i]!.body,
        });
        await res.body.dump();
        if (res.statusCode !== 204) failures += 1;
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const paid = await store.db
    .selectFrom('wegate_pay_orders')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('state', '=', 'SUCCESS')
    .executeTakeFirstOrThrow();
  latencies.sort((a, b) => a - b);
  await pool.close();
  await app.close();
  await queue.close();
  if (failures > 0 || Number(paid.n) !== N)
    throw new Error(`${label}: ${failures} failures, ${paid.n}/${N} paid`);
  const p99 = latencies[Math.floor(latencies.length * 0.99)]!;
  return `| ${label} | ${N} | ${Math.round(N / seconds).toLocaleString('en-US')} | ${p99.toFixed(1)} ms |`;
}

async function sqliteRow() {
  const dir = mkdtempSync(join(tmpdir(), 'wegate-bench-notify-'));
  const store = createSqliteStore({ file: join(dir, 'wegate.db') });
  try {
    await store.migrate();
    return await run('SQLite (file, WAL)', store, 'S');
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function postgresRow() {
  const schema = `bench_notify_${randomBytes(4).toString('hex')}`;
  const store = await createPostgresStore({ url: DATABASE_URL, schema, poolSize: 10 });
  try {
    await store.migrate();
    return await run('PostgreSQL (pool of 10)', store, 'P');
  } finally {
    await store.close();
    const admin = new pg.Client({ connectionString: DATABASE_URL });
    await admin.connect();
    await admin.query(`drop schema if exists "${schema}" cascade`);
    await admin.end();
  }
}

const cpu = cpus()[0]?.model ?? 'unknown CPU';
console.log(`Machine: ${cpu}, ${cpus().length} cores, ${platform()} ${release()}, Node ${process.version}`);
console.log('');
console.log('| store | notifications | per second | p99 |');
console.log('|---|---:|---:|---:|');
console.log(await sqliteRow());
console.log(await postgresRow());

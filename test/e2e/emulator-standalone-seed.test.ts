/** `wegate emulator` seeds the cloud environment of WECHAT_CLOUD_ENV and the merchant of WECHAT_PAY_* from its environment. */
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCloudDatabase } from '../../src/cloud/index.js';
import { createAccessTokenBroker, createApiClient, type ApiClient } from '../../src/kernel/index.js';
import { createMemoryCache, createMemoryLock } from '../../src/adapters/index.js';
import { createPayClient } from '../../src/pay/index.js';
import { freePort } from '../helpers/free-port.js';
import { cleanEnv, ROOT, startCli } from '../helpers/run-cli.js';

const work = join(ROOT, '.tmp', `emulator-seed-${process.pid}`);
const MP = { appid: 'wx5eed000000a0b0c1', secret: 'seed-mp-secret' };
const MERCHANT = {
  mchid: '1900009191',
  apiv3Key: 'abcdefghijklmnopqrstuvwxyz012345',
  certSerial: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
};
const CLOUD_ENV = 'seeded-env-1a2b';
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

let child: ChildProcess;
let url: string;
let api: ApiClient;

beforeAll(async () => {
  mkdirSync(work, { recursive: true });
  const keyPath = join(work, 'apiclient_key.pem');
  writeFileSync(keyPath, privateKeyPem, { mode: 0o600 });
  const port = await freePort();
  const env = cleanEnv({
    PORT: String(port),
    HOST: '127.0.0.1',
    WEGATE_DATA_DIR: join(work, 'data'),
    WECHAT_MP_APPID: MP.appid,
    WECHAT_MP_SECRET: MP.secret,
    WECHAT_CLOUD_ENV: CLOUD_ENV,
    WECHAT_PAY_MCHID: MERCHANT.mchid,
    WECHAT_PAY_APIV3_KEY: MERCHANT.apiv3Key,
    WECHAT_PAY_CERT_SERIAL: MERCHANT.certSerial,
    WECHAT_PAY_PRIVATE_KEY: keyPath,
  });
  ({ child } = await startCli(['emulator'], env, /wegate emulator listening/));
  url = `http://127.0.0.1:${port}`;
  const tokens = createAccessTokenBroker(
    { appid: MP.appid, secret: MP.secret, baseUrl: url },
    { cache: createMemoryCache(), lock: createMemoryLock() },
  );
  api = createApiClient({ baseUrl: url }, { tokens });
}, 60_000);

afterAll(async () => {
  await api?.close();
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  rmSync(work, { recursive: true, force: true });
});

describe('wegate emulator seeded from its environment', () => {
  it('has the cloud environment of WECHAT_CLOUD_ENV: a database call succeeds, and the environment survives a reset', async () => {
    const db = createCloudDatabase({ env: CLOUD_ENV }, { api });
    await db.collectionAdd('notes');
    await db.collection<{ text: string }>('notes').add({ text: 'seeded' });
    const found = await db.collection<{ text: string }>('notes').where({ text: 'seeded' }).get();
    expect(found.data.map((d) => d.text)).toEqual(['seeded']);
    await fetch(`${url}/__emulator/reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    await db.collectionAdd('notes');
    expect(await db.collection('notes').count()).toBe(0);
  });

  it('knows the merchant of WECHAT_PAY_*: a signed JSAPI prepay succeeds and its answer verifies', async () => {
    const pay = createPayClient({ ...MERCHANT, privateKey: privateKeyPem, appid: MP.appid, baseUrl: url });
    const result = await pay.transactions.jsapi({
      description: 'seeded merchant',
      out_trade_no: 'SEED-1',
      notify_url: 'http://127.0.0.1:9/pay/notify',
      amount: { total: 1 },
      payer: { openid: 'o-seed-buyer' },
    });
    expect(result.prepay_id).toMatch(/^wx/);
  });
});

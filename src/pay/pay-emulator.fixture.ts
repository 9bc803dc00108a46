/** @module Test fixture: the emulator listening on loopback with one merchant, and a notify URL that records. */
import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildEmulatorApp } from '../emulator/build-emulator-app.js';
import { createWorld, type World } from '../emulator/world/world.js';
import { createPayClient, type PayClient } from './create-pay-client.js';
import type { PayClientConfig, PayClientDeps } from './pay-client.types.js';

export interface ReceivedNotification {
  readonly headers: IncomingHttpHeaders;
  readonly rawBody: string;
}

export interface PayFixture {
  readonly world: World;
  readonly baseUrl: string;
  readonly notifyUrl: string;
  readonly mchid: string;
  readonly appid: string;
  readonly apiv3Key: string;
  readonly privateKey: KeyObject;
  readonly certSerial: string;
  /** Notifications the notify URL received, in order. */
  readonly received: ReceivedNotification[];
  /** Statuses the notify URL answers with, in order; 204 once they run out. */
  readonly answers: number[];
  /** How many times /v3/certificates was downloaded. */
  certificateDownloads(): number;
  client(overrides?: Partial<PayClientConfig>, deps?: PayClientDeps): PayClient;
  control(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: Record<string, unknown> }>;
  /** Resolves once `count` notifications have arrived (polls; fails after `timeoutMs`). */
  waitForNotifications(count: number, timeoutMs?: number): Promise<ReceivedNotification[]>;
  close(): Promise<void>;
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    );
  });
}

function createNotifySink(received: ReceivedNotification[], answers: number[]): Server {
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, rawBody: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = answers.shift() ?? 204;
      res.end(res.statusCode >= 300 ? '{"code":"FAIL","message":"失败"}' : '');
    });
  });
}

async function startEmulator(timeScale: number) {
  const world = createWorld({ pay: { timeScale, refundSettleMs: 20_000 } });
  const app = buildEmulatorApp({ world });
  let downloads = 0;
  app.addHook('onRequest', async (request) => {
    if (request.url.startsWith('/v3/certificates')) downloads += 1;
  });
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  const control: PayFixture['control'] = async (method, path, body) => {
    const res = await app.inject({
      method,
      url: `/__emulator/pay${path}`,
      payload: body as object | undefined,
    });
    return {
      status: res.statusCode,
      json: res.body === '' ? {} : (JSON.parse(res.body) as Record<string, unknown>),
    };
  };
  return { world, app, baseUrl, control, downloads: () => downloads };
}

async function seedMerchant(control: PayFixture['control'], verifyMode: 'certificate' | 'public-key') {
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const merchant = {
    mchid: `19${randomBytes(4).readUInt32BE() % 100_000_000}`,
    apiv3Key: randomBytes(16).toString('hex'),
    certSerial: randomBytes(20).toString('hex').toUpperCase(),
    privateKey: keys.privateKey,
  };
  const publicKeyPem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const { privateKey: _private, ...spec } = merchant;
  const seeded = await control('POST', '/merchants', { ...spec, publicKeyPem, verifyMode });
  if (seeded.status !== 200) throw new Error(`merchant not seeded: ${JSON.stringify(seeded.json)}`);
  return merchant;
}

async function waitFor(received: ReceivedNotification[], count: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (received.length < count) {
    if (Date.now() > deadline) throw new Error(`expected ${count} notifications, got ${received.length}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return received.slice(0, count);
}

export interface PayFixtureOptions {
  readonly verifyMode?: 'certificate' | 'public-key';
  /** Emulator time scale of notification retries and refunds (default 0.001: 15 s → 15 ms). */
  readonly timeScale?: number;
}

export async function startPayFixture(options: PayFixtureOptions = {}): Promise<PayFixture> {
  const { world, app, baseUrl, control, downloads } = await startEmulator(options.timeScale ?? 0.001);
  const received: ReceivedNotification[] = [];
  const answers: number[] = [];
  const sink = createNotifySink(received, answers);
  const notifyUrl = `${await listen(sink)}/pay/notify`;
  const merchant = await seedMerchant(control, options.verifyMode ?? 'certificate');
  const appid = 'wx0123456789abcdef';
  return {
    ...merchant,
    world,
    baseUrl,
    notifyUrl,
    appid,
    received,
    answers,
    control,
    certificateDownloads: downloads,
    client: (overrides = {}, deps = {}) =>
      createPayClient({ ...merchant, appid, baseUrl, certRefreshIntervalMs: 0, ...overrides }, deps),
    waitForNotifications: (count, timeoutMs = 5_000) => waitFor(received, count, timeoutMs),
    close: async () => {
      await app.close();
      await new Promise((resolve) => sink.close(resolve));
    },
  };
}

/** @module createPayClient: WeChat Pay v3 for one merchant (signing, verification, payments, refunds, notifications). */
import { createPrivateKey, createPublicKey, type KeyLike, type KeyObject } from 'node:crypto';
import { systemClock, type Clock } from '../kernel/ports/index.js';
import { assertApiv3Key } from './assert-amount.js';
import { createPayTransport, type PayRequest, type PayTransport } from './create-pay-transport.js';
import { createPlatformCertificates, type PlatformCertificates } from './create-platform-certificates.js';
import { decryptCertificates, type PlatformCertificate } from './decrypt-certificates.js';
import { decryptNotificationWith, verifyNotificationWith } from './notifications.js';
import { callPay, type PayContext } from './pay-context.js';
import type { PayClientConfig, PayClientDeps } from './pay-client.types.js';
import type { NotificationEnvelope, PayNotification, SignedPayMessage } from './pay.types.js';
import { createRefunds, type Refunds } from './refunds.js';
import { createTransactions, type Transactions } from './transactions.js';
import { verifyPaySignature, type VerifiedPayMessage } from './verify-pay-signature.js';

export interface PayClient {
  readonly transactions: Transactions;
  readonly refunds: Refunds;
  readonly certificates: PlatformCertificates;
  /** Verifies a notification (signature, serial, timestamp, probes) and returns its still-encrypted envelope. */
  verifyNotification(message: SignedPayMessage): Promise<NotificationEnvelope>;
  /** Decrypts a verified envelope's resource with the APIv3 key. */
  decryptNotification(envelope: NotificationEnvelope): PayNotification;
  /** verifyNotification then decryptNotification. */
  openNotification(message: SignedPayMessage): Promise<PayNotification>;
  /** Verifies any signed WeChat Pay message (a response, a notification). */
  verifySignature(message: SignedPayMessage): Promise<VerifiedPayMessage>;
  /** Raw signed call for endpoints nobody wrapped yet; the answer is verified and parsed. */
  request<T = unknown>(req: PayRequest): Promise<T>;
}

const DEFAULT_SKEW_S = 300;
const PUBLIC_KEY_PREFIX = 'PUB_KEY_ID_';

function toPrivateKey(key: string | KeyObject): KeyObject {
  return typeof key === 'string' ? createPrivateKey(key) : key;
}

function toPublicKey(key: string | KeyObject | undefined): KeyObject | undefined {
  if (key === undefined) return undefined;
  return typeof key === 'string' ? createPublicKey(key) : key;
}

interface Keys {
  readonly config: PayClientConfig;
  readonly publicKey?: KeyObject;
  readonly skewS: number;
  readonly clock: Clock;
}

function resolveFixed(keys: Keys, serial: string): KeyLike | undefined {
  if (!serial.startsWith(PUBLIC_KEY_PREFIX)) return undefined;
  return serial === keys.config.publicKeyId ? keys.publicKey : undefined;
}

/** GET /v3/certificates, decrypted, and verified with the certificates it carries (only WeChat Pay can encrypt under our APIv3 key). */
async function downloadCertificates(keys: Keys, transport: PayTransport): Promise<PlatformCertificate[]> {
  const answer = await transport.exchange({ method: 'GET', path: '/v3/certificates', idempotent: true });
  const certs = decryptCertificates(answer.rawBody, keys.config.apiv3Key, keys.clock.now());
  const bySerial = new Map(certs.map((c) => [c.serial, c.certificate.publicKey]));
  await verifyPaySignature(answer, {
    resolveKey: async (serial) => resolveFixed(keys, serial) ?? bySerial.get(serial.toUpperCase()),
    nowMs: keys.clock.now(),
    skewS: keys.skewS,
  });
  return certs;
}

function createPlumbing(keys: Keys, privateKey: KeyObject, deps: PayClientDeps) {
  const { config, clock } = keys;
  const transport = createPayTransport(
    {
      mchid: config.mchid,
      certSerial: config.certSerial,
      privateKey,
      baseUrl: config.baseUrl,
      timeoutMs: config.timeoutMs ?? 10_000,
    },
    {
      dispatcher: deps.dispatcher,
      clock,
      sleep: deps.sleep,
      random: deps.random,
      onPayError: deps.onPayError,
    },
  );
  const certificates = createPlatformCertificates(
    {
      mchid: config.mchid,
      apiv3Key: config.apiv3Key,
      refreshIntervalMs: config.certRefreshIntervalMs ?? 60_000,
    },
    { clock, cache: deps.cache, lock: deps.lock, download: () => downloadCertificates(keys, transport) },
  );
  return { transport, certificates };
}

export function createPayClient(config: PayClientConfig, deps: PayClientDeps = {}): PayClient {
  assertApiv3Key(config.apiv3Key);
  const clock = deps.clock ?? systemClock;
  const privateKey = toPrivateKey(config.privateKey);
  const keys: Keys = {
    config,
    publicKey: toPublicKey(config.publicKey),
    skewS: config.skewS ?? DEFAULT_SKEW_S,
    clock,
  };
  const { transport, certificates } = createPlumbing(keys, privateKey, deps);
  const resolveKey = async (serial: string): Promise<KeyLike | undefined> => {
    if (serial.startsWith(PUBLIC_KEY_PREFIX)) return resolveFixed(keys, serial);
    return (await certificates.get(serial))?.certificate.publicKey;
  };
  const verifySignature = (message: SignedPayMessage) =>
    verifyPaySignature(message, { resolveKey, nowMs: clock.now(), skewS: keys.skewS });
  const ctx: PayContext = {
    mchid: config.mchid,
    appid: config.appid,
    privateKey,
    transport,
    verify: verifySignature,
    nowMs: () => clock.now(),
  };
  const verifyNotification = (message: SignedPayMessage) => verifyNotificationWith(verifySignature, message);
  const decryptNotification = (envelope: NotificationEnvelope) =>
    decryptNotificationWith(config.apiv3Key, envelope);
  return {
    transactions: createTransactions(ctx),
    refunds: createRefunds(ctx),
    certificates,
    verifyNotification,
    decryptNotification,
    openNotification: async (message) => decryptNotification(await verifyNotification(message)),
    verifySignature,
    request: (req) => callPay(ctx, req),
  };
}

/** @module Pay notifications: signed, encrypted, POSTed to notify_url with WeChat Pay's retry schedule. */
import { randomUUID } from 'node:crypto';
import { request } from 'undici';
import { encryptAes256Gcm, randomNonce } from '../../kernel/crypto/index.js';
import type { Merchant } from './merchant-book.js';
import type { PayFault, PayFaultBook, PayFaultKind } from './pay-fault-book.js';
import { payTime } from './pay-time.js';
import type { PlatformKeyBook } from './platform-key-book.js';
import { signPayMessage, type PaySignature } from './sign-pay-message.js';

/** WeChat Pay's documented intervals between attempts (15s/15s/30s/3m/10m/20m/30m/30m/30m/60m/3h/3h/3h/6h/6h). */
export const NOTIFY_RETRY_SCHEDULE_S = [
  15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800, 21600, 21600,
] as const;
const ATTEMPT_TIMEOUT_MS = 5_000;

export interface NotificationEvent {
  readonly event_type: string;
  readonly summary: string;
  readonly original_type: 'transaction' | 'refund';
  readonly resource: object;
}

export interface DeliveryAttempt {
  readonly at: number;
  readonly signature: PaySignature;
  readonly status?: number;
  readonly error?: string;
}

export interface Delivery {
  readonly id: string;
  readonly mchid: string;
  readonly url: string;
  readonly event_type: string;
  readonly body: string;
  readonly attempts: DeliveryAttempt[];
  state: 'pending' | 'delivered' | 'failed';
}

export interface NotifierDeps {
  /** Business time: the envelope's create_time and the attempts' log. */
  readonly now: () => number;
  /** Wire time (wall clock): Wechatpay-Timestamp, which the receiver checks against its own clock. */
  readonly wallNow: () => number;
  readonly keys: PlatformKeyBook;
  readonly faults: PayFaultBook;
  /** Multiplies the retry intervals (1 = real time; 0.001 turns 15 s into 15 ms). */
  readonly timeScale: number;
}

export interface Notifier {
  notify(merchant: Merchant, url: string, event: NotificationEvent): Delivery;
  list(): Delivery[];
  /** Stops every pending retry. */
  cancelAll(): void;
}

function buildEnvelope(merchant: Merchant, event: NotificationEvent, nowMs: number): string {
  const nonce = randomNonce(12);
  const plaintext = JSON.stringify(event.resource);
  const ciphertext = encryptAes256Gcm({
    key: merchant.apiv3Key,
    nonce,
    associatedData: event.original_type,
    plaintext,
  });
  return JSON.stringify({
    id: randomUUID(),
    create_time: payTime(nowMs),
    resource_type: 'encrypt-resource',
    event_type: event.event_type,
    summary: event.summary,
    resource: {
      original_type: event.original_type,
      algorithm: 'AEAD_AES_256_GCM',
      ciphertext,
      associated_data: event.original_type,
      nonce,
    },
  });
}

async function post(
  deps: NotifierDeps,
  merchant: Merchant,
  delivery: Delivery,
  signature: PaySignature,
): Promise<boolean> {
  const keys = await deps.keys.ready();
  const headers = signPayMessage(keys, merchant, delivery.body, { nowMs: deps.wallNow(), signature });
  const at = deps.now();
  try {
    const res = await request(delivery.url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'user-agent': 'Mozilla/4.0' },
      body: delivery.body,
      signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
    });
    await res.body.dump();
    delivery.attempts.push({ at, signature, status: res.statusCode });
    return res.statusCode >= 200 && res.statusCode < 300;
  } catch (error) {
    delivery.attempts.push({ at, signature, error: (error as Error).message });
    return false;
  }
}

/**
 * One attempt as the faults shape it: a probe first, the notification (forged signature, or `copies` of
 * it at once), and for a plain `duplicate` one more copy once the first was acknowledged. True when any
 * copy was acknowledged.
 */
async function deliver(
  deps: NotifierDeps,
  merchant: Merchant,
  delivery: Delivery,
  faults: Map<PayFaultKind, PayFault>,
): Promise<boolean> {
  if (faults.has('probe')) await post(deps, merchant, delivery, 'probe');
  const signature = faults.has('bad-signature') ? 'bad' : 'valid';
  const copies = faults.get('duplicate')?.copies ?? 1;
  const answers = await Promise.all(
    Array.from({ length: copies }, () => post(deps, merchant, delivery, signature)),
  );
  const ok = answers.some(Boolean);
  if (ok && faults.has('duplicate') && copies === 1) await post(deps, merchant, delivery, 'valid');
  return ok;
}

/** Unref'd timers that can all be cancelled at once (World.reset, app close). */
function createTimerSet() {
  const timers = new Set<NodeJS.Timeout>();
  return {
    later(ms: number, fn: () => Promise<void>): void {
      const timer = setTimeout(() => {
        timers.delete(timer);
        void fn();
      }, ms);
      timer.unref();
      timers.add(timer);
    },
    clear(): void {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

export function createNotifier(deps: NotifierDeps): Notifier {
  const deliveries: Delivery[] = [];
  const timers = createTimerSet();
  let generation = 0;

  async function attempt(merchant: Merchant, delivery: Delivery, retry: number, gen: number): Promise<void> {
    const faults = deps.faults.take('notify');
    const delay = faults.get('delay')?.delayMs ?? 0;
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    if (gen !== generation) return;
    if (await deliver(deps, merchant, delivery, faults)) {
      delivery.state = 'delivered';
      return;
    }
    const next = NOTIFY_RETRY_SCHEDULE_S[retry];
    if (next === undefined || gen !== generation) {
      delivery.state = 'failed';
      return;
    }
    timers.later(next * 1000 * deps.timeScale, () => attempt(merchant, delivery, retry + 1, gen));
  }

  return {
    notify: (merchant, url, event) => {
      const body = buildEnvelope(merchant, event, deps.now());
      const delivery: Delivery = {
        id: randomUUID(),
        mchid: merchant.mchid,
        url,
        event_type: event.event_type,
        body,
        attempts: [],
        state: 'pending',
      };
      deliveries.push(delivery);
      const gen = generation;
      timers.later(0, () => attempt(merchant, delivery, 0, gen));
      return delivery;
    },
    list: () => deliveries.map((d) => ({ ...d, attempts: [...d.attempts] })),
    cancelAll: () => {
      generation += 1;
      timers.clear();
      deliveries.length = 0;
    },
  };
}

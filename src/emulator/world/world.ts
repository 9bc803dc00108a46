/** @module createWorld: the emulator's whole in-memory state and its clock. */
import { createCloudStore, type CloudEnvSeed, type CloudStore } from '../cloud/cloud-store.js';
import {
  createCloudStorageWorld,
  type CloudStorageOptions,
  type CloudStorageWorld,
} from '../cloud-storage/cloud-storage-world.js';
import { createCloudFunctionBook, type CloudFunctionBook } from '../cloud-functions/cloud-function-book.js';
import { createAppRegistry, type AppRegistry, type EmulatorApp } from './apps.js';
import { createEmulatorClock, type EmulatorClock, type TimeSource } from './clock.js';
import { createPayWorld, type PayWorld, type PayWorldOptions } from '../pay/pay-world.js';
import { createFaultBook, type FaultBook } from './faults.js';
import { createQuotaBook, type QuotaBook, type QuotaOptions } from './quotas.js';
import { createStatsBook, type StatsBook } from './stats.js';
import { createTicketStore, type TicketStore } from './tickets.js';
import { createTokenStore, type TokenStore } from './tokens.js';
import { createUserBook, type UserBook } from '../user/user-book.js';
import { createMiniProgramWorld, type MiniProgramWorld } from '../mini-program/mp-world.js';
import { createMessagingWorld, type MessagingWorld } from '../messaging/messaging-world.js';

export interface WorldOptions {
  /** Real time source under the adjustable offset; defaults to Date.now. */
  readonly clock?: TimeSource;
  readonly apps?: readonly EmulatorApp[];
  readonly quotas?: QuotaOptions;
  /** Source for probabilistic faults (0 ≤ x < 1); defaults to Math.random. */
  readonly random?: () => number;
  /** Cloud development environments that exist from the start (and again after a reset). */
  readonly cloudEnvs?: readonly CloudEnvSeed[];
  /** Cloud storage: where uploads are written (default `<WEGATE_DATA_DIR or tmp>/emulator-storage`). */
  readonly cloudStorage?: CloudStorageOptions;
  /** WeChat Pay: time scale of notification retries and refund processing. */
  readonly pay?: PayWorldOptions;
  /**
   * Base URL of the server that receives pushes (`<serverUrl>/wechat/<name>`); a function when the
   * server learns its port after listen. Default `WEGATE_SERVER_URL` or `http://127.0.0.1:8080`.
   */
  readonly serverUrl?: string | (() => string);
  /** Per-attempt timeout of pushes (WeChat: 5000 ms); tests shrink it. */
  readonly pushTimeoutMs?: number;
}

/** How the simulated user reaches the server. */
export interface PushSettings {
  serverUrl(): string;
  readonly timeoutMs: number;
}

const DEFAULT_SERVER_URL = 'http://127.0.0.1:8080';
const WECHAT_PUSH_TIMEOUT_MS = 5_000;

function pushSettings(options: WorldOptions): PushSettings {
  const { serverUrl } = options;
  const fixed = typeof serverUrl === 'string' ? serverUrl : undefined;
  return {
    serverUrl: () =>
      typeof serverUrl === 'function'
        ? serverUrl()
        : (fixed ?? process.env['WEGATE_SERVER_URL'] ?? DEFAULT_SERVER_URL),
    timeoutMs: options.pushTimeoutMs ?? WECHAT_PUSH_TIMEOUT_MS,
  };
}

export interface World {
  /** Emulator time: real time plus the offset the control API moves. */
  now(): number;
  readonly clock: EmulatorClock;
  readonly apps: AppRegistry;
  readonly tokens: TokenStore;
  readonly tickets: TicketStore;
  readonly quotas: QuotaBook;
  readonly faults: FaultBook;
  readonly stats: StatsBook;
  /** Cloud development (云开发) environments and their databases. */
  readonly cloud: CloudStore;
  /** Cloud storage: upload tickets, files on disk, signed download URLs. */
  readonly cloudStorage: CloudStorageWorld;
  /** Cloud functions registered as JS handlers (kept across resets, like code). */
  readonly cloudFunctions: CloudFunctionBook;
  /** Emulated WeChat Pay: merchants, platform keys, transactions, refunds, notifications. */
  readonly pay: PayWorld;
  /** Simulated users: follower state, inboxes (`users.deliver`) and push records. */
  readonly users: UserBook;
  readonly push: PushSettings;
  /** Simulated Mini Program clients: people, openids per app, login and phone codes, session keys. */
  readonly miniProgram: MiniProgramWorld;
  /** Message templates, subscribe consents, client_msg_id dedupe and per-minute send limits. */
  readonly messaging: MessagingWorld;
  /** Clear tokens, tickets, quotas, faults, stats, cloud data and files, pay orders, users and the clock offset; keep the apps (and merchants) unless `apps: false`. */
  reset(options?: { readonly apps?: boolean }): void;
}

export function createWorld(options: WorldOptions = {}): World {
  const clock = createEmulatorClock(options.clock);
  const stats = createStatsBook();
  const apps = createAppRegistry(options.apps);
  const tokens = createTokenStore({ clock, stats });
  const tickets = createTicketStore({ clock, stats });
  const quotas = createQuotaBook({ clock }, options.quotas);
  const faults = createFaultBook({ random: options.random ?? Math.random });
  const pay = createPayWorld({ now: () => clock.now() }, options.pay);
  const cloud = createCloudStore(options.cloudEnvs);
  const cloudStorage = createCloudStorageWorld({ now: () => clock.now() }, options.cloudStorage);
  const cloudFunctions = createCloudFunctionBook();
  const users = createUserBook({ now: () => clock.now() });
  const miniProgram = createMiniProgramWorld({ now: () => clock.now() });
  const messaging = createMessagingWorld({ now: () => clock.now() });
  return {
    now: () => clock.now(),
    clock,
    apps,
    tokens,
    tickets,
    quotas,
    faults,
    stats,
    cloud,
    cloudStorage,
    cloudFunctions,
    pay,
    users,
    push: pushSettings(options),
    miniProgram,
    messaging,
    reset: (resetOptions = {}) => {
      if (resetOptions.apps === false) apps.clear();
      tokens.reset();
      tickets.reset();
      quotas.reset();
      faults.clear();
      stats.reset();
      pay.reset({ merchants: resetOptions.apps });
      clock.reset();
      cloud.reset();
      cloudStorage.reset();
      users.reset();
      miniProgram.reset();
      messaging.reset();
    },
  };
}

/** @module createWorld: the emulator's whole in-memory state and its clock. */
import { createCloudBook, type CloudEnvSeed, type CloudBook } from '../cloud/cloud-book.js';
import {
  createCloudStorageBook,
  type CloudStorageOptions,
  type CloudStorageBook,
} from '../cloud-storage/cloud-storage-book.js';
import { createCloudFunctionBook, type CloudFunctionBook } from '../cloud-functions/cloud-function-book.js';
import { createAppBook, type AppBook, type EmulatorApp } from './app-book.js';
import { createEmulatorClock, type EmulatorClock, type TimeSource } from './clock.js';
import { createPayBook, type PayBook, type PayBookOptions } from '../pay/pay-book.js';
import { createFaultBook, type FaultBook } from './fault-book.js';
import { createQuotaBook, type QuotaBook, type QuotaOptions } from './quota-book.js';
import { createStatsBook, type StatsBook } from './stats-book.js';
import { createTicketBook, type TicketBook } from './ticket-book.js';
import { createTokenBook, type TokenBook } from './token-book.js';
import { createUserBook, type UserBook } from '../followers/user-book.js';
import { createMiniProgramBook, type MiniProgramBook } from '../mini-program/mini-program-book.js';
import { createMessagingBook, type MessagingBook } from '../messaging/messaging-book.js';
import { createMenuBook, type MenuBook } from '../official-account/menu-book.js';
import { createTagBook, type TagBook } from '../official-account/tag-book.js';
import { createQrCodeBook, type QrCodeBook } from '../official-account/qrcode-book.js';
import { createOAuthBook, type OAuthBook } from '../oauth/oauth-book.js';
import { createMediaBook, type MediaBook } from '../media/media-book.js';

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
  readonly pay?: PayBookOptions;
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
  readonly apps: AppBook;
  readonly tokens: TokenBook;
  readonly tickets: TicketBook;
  readonly quotas: QuotaBook;
  readonly faults: FaultBook;
  readonly stats: StatsBook;
  /** Cloud development (云开发) environments and their databases. */
  readonly cloud: CloudBook;
  /** Cloud storage: upload tickets, files on disk, signed download URLs. */
  readonly cloudStorage: CloudStorageBook;
  /** Cloud functions registered as JS handlers (kept across resets, like code). */
  readonly cloudFunctions: CloudFunctionBook;
  /** Emulated WeChat Pay: merchants, platform keys, transactions, refunds, notifications. */
  readonly pay: PayBook;
  /** Simulated users: follower state, inboxes (`users.deliver`) and push records. */
  readonly users: UserBook;
  readonly push: PushSettings;
  /** Simulated Mini Program clients: people, openids per app, login and phone codes, session keys. */
  readonly miniProgram: MiniProgramBook;
  /** Message templates, subscribe consents, client_msg_id dedupe and per-minute send limits. */
  readonly messaging: MessagingBook;
  /** Official Account custom menus: the default menu and conditional ones per app. */
  readonly menus: MenuBook;
  /** Official Account user tags and the followers carrying them (`tagsOf(appid, openid)`). */
  readonly tags: TagBook;
  /** Parametric QR code tickets (temporary and permanent). */
  readonly qrcodes: QrCodeBook;
  /** Web authorization (网页授权): consent pages, one-time codes, user access and refresh tokens. */
  readonly oauth: OAuthBook;
  /** Temporary media (临时素材) uploaded through `cgi-bin/media/upload`, kept 3 days. */
  readonly media: MediaBook;
  /** Clear tokens, tickets, quotas, faults, stats, cloud data and files, pay orders, users, menus, tags, QR tickets, web authorization, media and the clock offset; keep the apps (and merchants) unless `apps: false`. */
  reset(options?: { readonly apps?: boolean }): void;
}

type WorldParts = Omit<World, 'reset'>;

function resetWorld(world: WorldParts, options: { readonly apps?: boolean }): void {
  if (options.apps === false) world.apps.clear();
  world.tokens.reset();
  world.tickets.reset();
  world.quotas.reset();
  world.faults.clear();
  world.stats.reset();
  world.pay.reset({ merchants: options.apps });
  world.clock.reset();
  world.cloud.reset();
  world.cloudStorage.reset();
  world.users.reset();
  world.miniProgram.reset();
  world.messaging.reset();
  world.menus.reset();
  world.tags.reset();
  world.qrcodes.reset();
  world.oauth.reset();
  world.media.reset();
}

export function createWorld(options: WorldOptions = {}): World {
  const clock = createEmulatorClock(options.clock);
  const stats = createStatsBook();
  const now = () => clock.now();
  const world: WorldParts = {
    now,
    clock,
    apps: createAppBook(options.apps),
    tokens: createTokenBook({ clock, stats }),
    tickets: createTicketBook({ clock, stats }),
    quotas: createQuotaBook({ clock }, options.quotas),
    faults: createFaultBook({ random: options.random ?? Math.random }),
    stats,
    cloud: createCloudBook(options.cloudEnvs),
    cloudStorage: createCloudStorageBook({ now }, options.cloudStorage),
    cloudFunctions: createCloudFunctionBook(),
    pay: createPayBook({ now, wallNow: () => clock.wallNow() }, options.pay),
    users: createUserBook({ now }),
    push: pushSettings(options),
    miniProgram: createMiniProgramBook({ now }),
    messaging: createMessagingBook({ now }),
    menus: createMenuBook(),
    tags: createTagBook(),
    qrcodes: createQrCodeBook({ now }),
    oauth: createOAuthBook({ now }),
    media: createMediaBook({ now }),
  };
  return { ...world, reset: (resetOptions = {}) => resetWorld(world, resetOptions) };
}

/** Typed configuration, produced once by loadConfig() from env + wegate.config.json. */

export type AppType = 'official-account' | 'mini-program';
/** How the app's access_token is obtained: cgi-bin/stable_token (default) or classic cgi-bin/token. */
export type TokenMode = 'stable' | 'classic';
export type MsgMode = 'plain' | 'compatible' | 'safe';
export type PushFormat = 'xml' | 'json';
export type LogFormat = 'json' | 'pretty';

export interface AppConfig {
  /** Key in `apps` (`oa`, `mp`, `mp2`…); used in routes (`/wechat/:app`). */
  readonly name: string;
  readonly type: AppType;
  readonly appid: string;
  readonly secret: string;
  /** Callback token (signature). */
  readonly token?: string;
  /** EncodingAESKey, 43 characters. */
  readonly aesKey?: string;
  readonly tokenMode: TokenMode;
  /** How the emulator pushes to us (the server detects the mode per request). */
  readonly msgMode: MsgMode;
  readonly pushFormat: PushFormat;
}

export interface PayConfig {
  readonly mchid: string;
  /** APIv3 key, 32 bytes. */
  readonly apiv3Key: string;
  /** PEM path of the merchant private key. */
  readonly privateKeyPath: string;
  readonly certSerial: string;
  /** PEM path of the WeChat Pay public key (public-key mode). */
  readonly publicKeyPath?: string;
  readonly publicKeyId?: string;
  readonly notifyUrl?: string;
}

export interface SecretsConfig {
  readonly jwtSecret?: string;
  /** Versioned SM4 keys: version → 32 hex chars (16 bytes); the highest version encrypts. */
  readonly fieldKeys: Readonly<Record<string, string>>;
  readonly gatewayKey?: string;
  /** `/api/admin/*` and plugins' admin routes (`requireAdmin`); those routes answer 404 without it. */
  readonly adminKey?: string;
}

export interface HostsConfig {
  /** api.weixin.qq.com */
  readonly api: string;
  /** api.mch.weixin.qq.com */
  readonly payApi: string;
  /** open.weixin.qq.com (OAuth consent) */
  readonly open: string;
  /** mp.weixin.qq.com (QR images) */
  readonly mpWeb: string;
}

export interface CallbackConfig {
  /** 0 = timestamp window off. */
  readonly maxSkewS: number;
  readonly deadlineMs: number;
  readonly maxBodyBytes: number;
}

export interface GatewayConfig {
  /** Calls per second per app through `/gateway/:app/*`. */
  readonly ratePerSecond: number;
  /** Largest request body forwarded (media uploads are multipart). */
  readonly maxBodyBytes: number;
}

/** The HTTP server's doors: which proxies are believed, how long a client may take, how many at once. */
export interface NetworkConfig {
  /** Addresses and CIDRs of trusted proxies; X-Forwarded-* is read only from them. Empty: never. */
  readonly trustProxy: readonly string[];
  /** Headers and body of a request must have arrived within this, or the connection is closed (408). */
  readonly requestTimeoutMs: number;
  /** The headers must have arrived within this. */
  readonly headersTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  readonly keepAliveTimeoutMs: number;
  /** Open connections at most; further ones are refused until some close. */
  readonly maxConnections: number;
}

/** Web authorization (网页授权). */
export interface OAuthConfig {
  /**
   * Path prefixes `/oauth/authorize?redirect=` may lead to, matched on segment boundaries; the first is
   * the default redirect. Reserved API and protocol paths (`/api/`, `/gateway/`…) are never reachable.
   */
  readonly redirectPaths: readonly string[];
}

/** Robot message body: WeCom group robot, DingTalk or Feishu custom robot, or plain JSON. */
export type AlertFormat = 'wecom' | 'dingtalk' | 'feishu' | 'generic';

/** One alert rule as configured: a built-in name overrides its defaults, a new name adds a rule. */
export interface AlertRuleSetting {
  /** WeChat errcode (number) or WeChat Pay code (`SIGN_ERROR`) the rule counts. */
  readonly errcode?: number | string;
  /** A failure event the rule counts (`outbox.dead_letter`, `pay.notify_unverified`, a plugin's own). */
  readonly event?: string;
  /** Fires when this many happen within the window, per app and API. */
  readonly threshold?: number;
  readonly windowS?: number;
  readonly enabled?: boolean;
}

/** `"alerts"` of wegate.config.json; defaults live with the alert service. */
export interface AlertSettings {
  /** Robot webhook URL (WEGATE_ALERT_WEBHOOK); no alert is sent without it. */
  readonly webhook?: string;
  /** Forces the body format (WEGATE_ALERT_FORMAT); default: chosen by the webhook's host. */
  readonly format?: AlertFormat;
  /** Firings and resolutions within this many milliseconds go in one message. */
  readonly groupMs?: number;
  /** Messages per robot and period (WeCom and DingTalk robots take 20 a minute). */
  readonly rate?: { readonly max?: number; readonly perS?: number };
  /** Messages waiting for the rate limit; beyond it new ones are dropped and counted. */
  readonly maxQueue?: number;
  readonly timeoutMs?: number;
  readonly rules?: Readonly<Record<string, AlertRuleSetting>>;
}

/** One route class's limits: sliding windows of `windowS` seconds, `max` requests each. */
export interface LimitClassSettings {
  readonly perUser?: { readonly max: number; readonly windowS: number };
  readonly perIp?: { readonly max: number; readonly windowS: number };
}

/** `"limits"` of wegate.config.json, by route class; reloaded from the file while the server runs. */
export type LimitSettings = Readonly<Record<string, LimitClassSettings>>;

/** `"retention"` of wegate.config.json, in days (fractions allowed); defaults live with the pruner. */
export interface RetentionConfig {
  /** Every kind without its own setting. */
  readonly days?: number;
  readonly jobs?: number;
  readonly deadLetters?: number;
  readonly outbox?: number;
  readonly payNotifications?: number;
  readonly refreshTokens?: number;
  readonly intervalMinutes?: number;
  readonly batchSize?: number;
}

/** Realtime push connections (`/api/realtime/sse`, `/api/realtime/ws`). */
export interface RealtimeConfig {
  /** permessage-deflate for WebSocket frames at least this large; unset: never compress. */
  readonly deflateAboveBytes?: number;
  /** SSE heartbeat comment and WebSocket ping interval (default 15 000). */
  readonly heartbeatMs?: number;
  /** Unsent bytes a connection may hold before it is dropped as a slow consumer (default 1 MiB). */
  readonly maxBufferedBytes?: number;
}

export interface WegateConfig {
  readonly sandbox: boolean;
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly databaseUrl?: string;
  readonly redisUrl?: string;
  /** The first part of every Redis key of wegate's (`<prefix>:…`, BullMQ's `<prefix>:<queue>:…`); default `wegate`. */
  readonly redisPrefix?: string;
  readonly apps: Readonly<Record<string, AppConfig>>;
  readonly pay?: PayConfig;
  readonly cloudEnv?: string;
  readonly secrets: SecretsConfig;
  readonly callback: CallbackConfig;
  readonly gateway: GatewayConfig;
  readonly hosts: HostsConfig;
  readonly oauth: OAuthConfig;
  /** Where the emulator sends callbacks and pay notifications. */
  readonly serverUrl: string;
  readonly network: NetworkConfig;
  /** The emulator's control API (`/__emulator/`) answers every caller, not only loopback ones. */
  readonly emulatorPublic: boolean;
  /** Plugin modules `wegate serve` loads (WEGATE_PLUGINS), resolved from the working directory. */
  readonly plugins?: readonly string[];
  /** Log lines as JSON, or one readable line each; unset: readable on a terminal, JSON otherwise. */
  readonly logFormat?: LogFormat;
  /** `/api/realtime/*`: heartbeats, the per-connection buffer cap and WebSocket compression. */
  readonly realtime?: RealtimeConfig;
  /** Errcode and failure alerts sent to a robot webhook (`alerts` of the file, WEGATE_ALERT_*). */
  readonly alerts?: AlertSettings;
  /** Inbound limits by route class (`limits` of the file; the server re-reads them when it changes). */
  readonly limits?: LimitSettings;
  /** When Redis cannot answer a limit check: let the request through (`open`, default) or answer 503. */
  readonly limitsFailMode?: 'open' | 'closed';
  /** Audit records older than this many days are pruned (WEGATE_AUDIT_RETENTION_DAYS); unset: kept. */
  readonly audit?: { readonly retentionDays?: number };
  /** How long rows are kept before the pruner deletes them (`retention` of the file, WEGATE_RETENTION_DAYS). */
  readonly retention?: RetentionConfig;
  /** The config file read at start, when one exists (limits are re-read from it). */
  readonly configFile?: string;
}

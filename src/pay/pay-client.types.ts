/** @module Configuration and dependencies of the WeChat Pay v3 client. */
import type { KeyObject } from 'node:crypto';
import type { Dispatcher } from 'undici';
import type { PayApiError } from '../kernel/errors/index.js';
import type { Cache, Clock, Lock } from '../kernel/ports/index.js';

export interface PayClientConfig {
  readonly mchid: string;
  /** Merchant API private key (PEM or KeyObject). */
  readonly privateKey: string | KeyObject;
  /** Serial of the merchant API certificate. */
  readonly certSerial: string;
  /** 32-byte APIv3 key. */
  readonly apiv3Key: string;
  /** WeChat Pay public key (public-key mode), used for `PUB_KEY_ID_…` serials. */
  readonly publicKey?: string | KeyObject;
  readonly publicKeyId?: string;
  /** Default appid for orders and paySign. */
  readonly appid?: string;
  /** https://api.mch.weixin.qq.com or the emulator. */
  readonly baseUrl: string;
  /** Accepted distance of Wechatpay-Timestamp from now (default 300 s). */
  readonly skewS?: number;
  readonly timeoutMs?: number;
  /** Least time between downloads of /v3/certificates caused by unknown serials (default 60 s). */
  readonly certRefreshIntervalMs?: number;
}

export interface PayClientDeps {
  /** Shares downloaded platform certificates across instances. */
  readonly cache?: Cache;
  /** Makes the certificate download single-flight across instances. */
  readonly lock?: Lock;
  readonly dispatcher?: Dispatcher;
  readonly clock?: Clock;
  /** Backoff between retries of idempotent requests (queries); default a timer. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Jitter source (0 ≤ x < 1); default Math.random. */
  readonly random?: () => number;
  /** Told of every error answer of WeChat Pay (e.g. for alerts on `SIGN_ERROR`); must not throw. */
  readonly onPayError?: (error: PayApiError, path: string) => void;
}

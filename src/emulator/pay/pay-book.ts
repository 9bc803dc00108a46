/** @module The emulated WeChat Pay's state: merchants, signing keys, transactions, refunds, faults, notifications. */
import { createMerchantBook, type MerchantBook } from './merchant-book.js';
import { createNotifier, type Notifier } from './notifier.js';
import { createPayFaultBook, type PayFaultBook } from './pay-fault-book.js';
import { createPlatformKeyBook, type PlatformKeyBook } from './platform-key-book.js';
import { createRefundBook, type RefundBook } from './refund-book.js';
import { createTransactionBook, type TransactionBook } from './transaction-book.js';

export interface PayBookOptions {
  /** Scales notification retry intervals and refund processing (default 1; tests use e.g. 0.001). */
  readonly timeScale?: number;
  /** How long a refund stays PROCESSING before SUCCESS, before scaling (default 3 s). */
  readonly refundSettleMs?: number;
}

export interface PayBook {
  /** Emulated business time (success_time, create_time, expiry): follows `/__emulator/clock`. */
  now(): number;
  /**
   * Wire time: Wechatpay-Timestamp on answers and notifications, and the ±300 s check of a merchant's
   * request. Real WeChat Pay uses wall time there, so moving the emulator clock must not break signing.
   */
  wallNow(): number;
  readonly timeScale: number;
  readonly refundSettleMs: number;
  readonly merchants: MerchantBook;
  readonly keys: PlatformKeyBook;
  readonly transactions: TransactionBook;
  readonly refunds: RefundBook;
  readonly faults: PayFaultBook;
  readonly notifier: Notifier;
  /** Forget orders, refunds, faults and pending notifications; merchants are kept unless `merchants: false`. */
  reset(options?: { readonly merchants?: boolean }): void;
}

export function createPayBook(
  deps: { now: () => number; wallNow: () => number },
  options: PayBookOptions = {},
): PayBook {
  const { wallNow } = deps;
  const timeScale = options.timeScale ?? 1;
  const keys = createPlatformKeyBook(deps);
  const faults = createPayFaultBook();
  const merchants = createMerchantBook();
  const transactions = createTransactionBook();
  const refunds = createRefundBook();
  const notifier = createNotifier({ now: deps.now, wallNow, keys, faults, timeScale });
  return {
    now: deps.now,
    wallNow,
    timeScale,
    refundSettleMs: options.refundSettleMs ?? 3_000,
    merchants,
    keys,
    transactions,
    refunds,
    faults,
    notifier,
    reset: (resetOptions = {}) => {
      if (resetOptions.merchants === false) merchants.clear();
      notifier.cancelAll();
      transactions.clear();
      refunds.clear();
      faults.clear();
    },
  };
}

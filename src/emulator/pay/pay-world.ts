/** @module The emulated WeChat Pay's state: merchants, signing keys, transactions, refunds, faults, notifications. */
import { createMerchantRegistry, type MerchantRegistry } from './merchants.js';
import { createNotifier, type Notifier } from './notifier.js';
import { createPayFaultBook, type PayFaultBook } from './pay-faults.js';
import { createPlatformKeyring, type PlatformKeyring } from './platform-keys.js';
import { createRefundBook, type RefundBook } from './refund-book.js';
import { createTransactionBook, type TransactionBook } from './transaction-book.js';

export interface PayWorldOptions {
  /** Scales notification retry intervals and refund processing (default 1; tests use e.g. 0.001). */
  readonly timeScale?: number;
  /** How long a refund stays PROCESSING before SUCCESS, before scaling (default 3 s). */
  readonly refundSettleMs?: number;
}

export interface PayWorld {
  now(): number;
  readonly timeScale: number;
  readonly refundSettleMs: number;
  readonly merchants: MerchantRegistry;
  readonly keys: PlatformKeyring;
  readonly transactions: TransactionBook;
  readonly refunds: RefundBook;
  readonly faults: PayFaultBook;
  readonly notifier: Notifier;
  /** Forget orders, refunds, faults and pending notifications; merchants are kept unless `merchants: false`. */
  reset(options?: { readonly merchants?: boolean }): void;
}

export function createPayWorld(deps: { now: () => number }, options: PayWorldOptions = {}): PayWorld {
  const timeScale = options.timeScale ?? 1;
  const keys = createPlatformKeyring(deps);
  const faults = createPayFaultBook();
  const merchants = createMerchantRegistry();
  const transactions = createTransactionBook();
  const refunds = createRefundBook();
  const notifier = createNotifier({ now: deps.now, keys, faults, timeScale });
  return {
    now: deps.now,
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

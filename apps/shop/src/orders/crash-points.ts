/**
 * @module Crash points: a recovery drill that kills the process (SIGKILL, nothing flushed) at one named
 * point of the order saga, so a test or an operator can show that a restart resumes or compensates from
 * exactly there. Set with `WEGATE_SHOP_CRASH_AT=<point>`; honoured only against an emulator (sandbox mode, or
 * WeChat Pay's base URL pointing elsewhere than WeChat), refused at start otherwise.
 */

/** The points, in saga order. */
export const CRASH_POINTS = [
  /** Inside the reservation transaction, every write done, before COMMIT. */
  'reserve.before-commit',
  /** The reservation committed; WeChat Pay not asked yet (cloud catalog: the stock not taken yet). */
  'reserve.after-commit',
  /** Cloud catalog: the stock taken at the cloud database; not logged yet, WeChat Pay not asked. */
  'stock.after-take',
  /** WeChat Pay created the prepay and answered; its answer not stored yet. */
  'prepay.after-answer',
  /** The prepay stored (saga done); the unpaid-order timeout not scheduled yet. */
  'prepay.after-commit',
  /** Compensating: the WeChat order closed; stock and coupon not released yet. */
  'compensate.after-close',
  /** Compensating: stock and coupon released and the order ended; its status event not published yet. */
  'compensate.after-release',
] as const;

export type CrashPoint = (typeof CRASH_POINTS)[number];

export const isCrashPoint = (value: string): value is CrashPoint =>
  (CRASH_POINTS as readonly string[]).includes(value);

/** True when `payApi` is WeChat Pay itself (then crash points are refused). */
export function isWeChatPayHost(payApi: string): boolean {
  const host = new URL(payApi).hostname;
  return /(^|\.)weixin\.qq\.com$|(^|\.)wechatpay\.cn$|(^|\.)tenpay\.com$/.test(host);
}

/** Dies here when `at` names this point; otherwise nothing. */
export function crashPoint(at: CrashPoint | undefined, point: CrashPoint): void {
  if (at !== point) return;
  process.stderr.write(`shop crash point ${point}: SIGKILL\n`);
  process.kill(process.pid, 'SIGKILL');
}

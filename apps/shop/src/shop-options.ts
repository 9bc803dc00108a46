/** @module The shop's settings: from code (createShopPlugin) or from the environment (the default export). */
import { isCrashPoint, isWeChatPayHost, type CrashPoint } from './orders/crash-points.js';

export interface ShopOptions {
  /** The Mini Program app (by name) whose users buy (default `mp`). */
  readonly app?: string;
  /** An unpaid order is cancelled after this long (default 15 min). */
  readonly unpaidTimeoutMs?: number;
  /** The sweep that catches unpaid orders and stuck sagas runs this often (default 1 min). */
  readonly sweepIntervalMs?: number;
  /** How long a saga step (the prepay) may take before it counts as failed (default 10 s). */
  readonly stepTimeoutMs?: number;
  /** Subscribe-message template sent on payment (sandbox default `SHOP_ORDER_PAID`; none: no message). */
  readonly paidTemplateId?: string;
  /** Attempts of a compensation before the order is parked for an operator (default 8). */
  readonly compensationAttempts?: number;
  /**
   * A saga still not terminal this long after its order was placed is resumed once more by the sweep and
   * parked for an operator if that fails too (default 30 min).
   */
  readonly sagaDeadlineMs?: number;
  /** Where the catalog lives: the SQL store (default). */
  readonly catalogSource?: 'sql';
  /** Seed a demo catalog and coupon (default: in sandbox mode). */
  readonly seed?: boolean;
  /**
   * A recovery drill: the process kills itself at this point of the order saga (see crash-points.ts).
   * Only against an emulator; refused when WeChat Pay is the real one.
   */
  readonly crashAt?: CrashPoint;
}

export type ResolvedShopOptions = Required<Omit<ShopOptions, 'paidTemplateId' | 'seed' | 'crashAt'>> &
  Pick<ShopOptions, 'paidTemplateId' | 'seed' | 'crashAt'>;

export const SANDBOX_TEMPLATE_ID = 'SHOP_ORDER_PAID';

const seconds = (value: string | undefined): number | undefined => {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new RangeError(`expected a positive number of seconds, got "${value}"`);
  return n * 1000;
};

/**
 * `WEGATE_SHOP_APP`, `WEGATE_SHOP_UNPAID_TIMEOUT_S`, `WEGATE_SHOP_SWEEP_S`, `WEGATE_SHOP_STEP_TIMEOUT_S`,
 * `WEGATE_SHOP_PAID_TEMPLATE_ID`, `WEGATE_SHOP_SAGA_DEADLINE_S`, `WEGATE_SHOP_CRASH_AT`.
 */
export function shopOptionsFromEnv(env: NodeJS.ProcessEnv): ShopOptions {
  const timeout = seconds(env['WEGATE_SHOP_UNPAID_TIMEOUT_S']);
  const sweep = seconds(env['WEGATE_SHOP_SWEEP_S']);
  const step = seconds(env['WEGATE_SHOP_STEP_TIMEOUT_S']);
  const sagaDeadline = seconds(env['WEGATE_SHOP_SAGA_DEADLINE_S']);
  const template = env['WEGATE_SHOP_PAID_TEMPLATE_ID'];
  const app = env['WEGATE_SHOP_APP'];
  const crashAt = env['WEGATE_SHOP_CRASH_AT'];
  if (crashAt !== undefined && crashAt !== '' && !isCrashPoint(crashAt))
    throw new RangeError(`WEGATE_SHOP_CRASH_AT: "${crashAt}" is not a crash point of the order saga`);
  return {
    ...(app ? { app } : {}),
    ...(timeout === undefined ? {} : { unpaidTimeoutMs: timeout }),
    ...(sweep === undefined ? {} : { sweepIntervalMs: sweep }),
    ...(step === undefined ? {} : { stepTimeoutMs: step }),
    ...(sagaDeadline === undefined ? {} : { sagaDeadlineMs: sagaDeadline }),
    ...(template ? { paidTemplateId: template } : {}),
    ...(crashAt ? { crashAt: crashAt as CrashPoint } : {}),
  };
}

/** Where the server runs: sandbox mode, and WeChat Pay's base URL. */
export interface ShopSite {
  readonly sandbox: boolean;
  readonly payApi: string;
}

export function resolveShopOptions(options: ShopOptions, site: ShopSite): ResolvedShopOptions {
  const { sandbox } = site;
  if (options.crashAt !== undefined && !sandbox && isWeChatPayHost(site.payApi))
    throw new Error(
      `WEGATE_SHOP_CRASH_AT (${options.crashAt}) kills the process on purpose: refused against WeChat Pay (${site.payApi})`,
    );
  const paidTemplateId = options.paidTemplateId ?? (sandbox ? SANDBOX_TEMPLATE_ID : undefined);
  return {
    app: options.app ?? 'mp',
    unpaidTimeoutMs: options.unpaidTimeoutMs ?? 15 * 60_000,
    sweepIntervalMs: options.sweepIntervalMs ?? 60_000,
    stepTimeoutMs: options.stepTimeoutMs ?? 10_000,
    compensationAttempts: options.compensationAttempts ?? 8,
    sagaDeadlineMs: options.sagaDeadlineMs ?? 30 * 60_000,
    catalogSource: options.catalogSource ?? 'sql',
    ...(paidTemplateId === undefined ? {} : { paidTemplateId }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.crashAt === undefined ? {} : { crashAt: options.crashAt }),
  };
}

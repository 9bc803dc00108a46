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
  /**
   * Where the catalog lives: the SQL store (default) or the Mini Program's cloud database (`cloud`: the
   * collection `catalogCollection` of `WECHAT_CLOUD_ENV`, or the sandbox's environment).
   */
  readonly catalogSource?: 'sql' | 'cloud';
  /** The cloud database collection of the products (default `products`). */
  readonly catalogCollection?: string;
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

/** The variable `name` of `env` as milliseconds (it holds seconds); undefined when unset. */
const seconds = (env: NodeJS.ProcessEnv, name: string): number | undefined => {
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new RangeError(`${name}: expected a positive number of seconds, got "${value}"`);
  return n * 1000;
};

function crashPointOf(value: string | undefined): CrashPoint | undefined {
  if (value === undefined || value === '') return undefined;
  if (!isCrashPoint(value))
    throw new RangeError(`WEGATE_SHOP_CRASH_AT: "${value}" is not a crash point of the order saga`);
  return value;
}

function catalogSourceOf(value: string | undefined): 'sql' | 'cloud' | undefined {
  if (value === undefined || value === '') return undefined;
  if (value !== 'sql' && value !== 'cloud')
    throw new RangeError(`WEGATE_SHOP_CATALOG: expected "sql" or "cloud", got "${value}"`);
  return value;
}

/** `{ [key]: value }` when the value is set, else nothing (for spreading). */
const given = <K extends keyof ShopOptions>(key: K, value: ShopOptions[K] | '' | undefined) =>
  value === undefined || value === '' ? {} : { [key]: value };

/**
 * `WEGATE_SHOP_APP`, `WEGATE_SHOP_UNPAID_TIMEOUT_S`, `WEGATE_SHOP_SWEEP_S`, `WEGATE_SHOP_STEP_TIMEOUT_S`,
 * `WEGATE_SHOP_PAID_TEMPLATE_ID`, `WEGATE_SHOP_SAGA_DEADLINE_S`, `WEGATE_SHOP_CATALOG` (`sql` | `cloud`),
 * `WEGATE_SHOP_CATALOG_COLLECTION`, `WEGATE_SHOP_CRASH_AT`.
 */
export function shopOptionsFromEnv(env: NodeJS.ProcessEnv): ShopOptions {
  return {
    ...given('app', env['WEGATE_SHOP_APP']),
    ...given('unpaidTimeoutMs', seconds(env, 'WEGATE_SHOP_UNPAID_TIMEOUT_S')),
    ...given('sweepIntervalMs', seconds(env, 'WEGATE_SHOP_SWEEP_S')),
    ...given('stepTimeoutMs', seconds(env, 'WEGATE_SHOP_STEP_TIMEOUT_S')),
    ...given('sagaDeadlineMs', seconds(env, 'WEGATE_SHOP_SAGA_DEADLINE_S')),
    ...given('paidTemplateId', env['WEGATE_SHOP_PAID_TEMPLATE_ID']),
    ...given('crashAt', crashPointOf(env['WEGATE_SHOP_CRASH_AT'])),
    ...given('catalogSource', catalogSourceOf(env['WEGATE_SHOP_CATALOG'])),
    ...given('catalogCollection', env['WEGATE_SHOP_CATALOG_COLLECTION']),
  };
}

/** Where the server runs: sandbox mode, and WeChat Pay's base URL. */
export interface ShopSite {
  readonly sandbox: boolean;
  readonly payApi: string;
}

/** Crash points only against an emulator (see crash-points.ts). */
function checkCrashPoint(options: ShopOptions, site: ShopSite): void {
  if (options.crashAt !== undefined && !site.sandbox && isWeChatPayHost(site.payApi))
    throw new Error(
      `WEGATE_SHOP_CRASH_AT (${options.crashAt}) kills the process on purpose: refused against WeChat Pay (${site.payApi})`,
    );
}

export function resolveShopOptions(options: ShopOptions, site: ShopSite): ResolvedShopOptions {
  checkCrashPoint(options, site);
  const paidTemplateId = options.paidTemplateId ?? (site.sandbox ? SANDBOX_TEMPLATE_ID : undefined);
  return {
    app: options.app ?? 'mp',
    unpaidTimeoutMs: options.unpaidTimeoutMs ?? 15 * 60_000,
    sweepIntervalMs: options.sweepIntervalMs ?? 60_000,
    stepTimeoutMs: options.stepTimeoutMs ?? 10_000,
    compensationAttempts: options.compensationAttempts ?? 8,
    sagaDeadlineMs: options.sagaDeadlineMs ?? 30 * 60_000,
    catalogSource: options.catalogSource ?? 'sql',
    catalogCollection: options.catalogCollection ?? 'products',
    ...given('paidTemplateId', paidTemplateId),
    ...given('seed', options.seed),
    ...given('crashAt', options.crashAt),
  };
}

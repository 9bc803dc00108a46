/** @module The alert rules: wegate's defaults, and the config file's overrides and additions. */
import type { AlertRuleSetting } from '../../config/config.types.js';
import { ConfigError, Errcode } from '../../kernel/errors/index.js';
import { AlertEventName } from './alert-event.js';

export interface AlertRule {
  readonly name: string;
  /** The errcode (or WeChat Pay code) counted; absent: every event of `event`. */
  readonly errcode?: number | string;
  readonly event: string;
  /** Fires at this many within `windowS`, per app and API; clears when the window holds fewer. */
  readonly threshold: number;
  readonly windowS: number;
  /** One line for the robot message. */
  readonly summary: string;
}

const FIVE_MIN = 300;
const rule = (name: string, r: Omit<AlertRule, 'name'>): AlertRule => ({ name, ...r });

/**
 * 40001 in bursts means two processes are refreshing the same token (one replay each is normal);
 * 45009 and 48001 stop a feature until someone acts; -1 is WeChat's transient "system busy".
 */
export const DEFAULT_ALERT_RULES: readonly AlertRule[] = [
  rule('token-invalid', {
    event: AlertEventName.Errcode,
    errcode: Errcode.InvalidCredential,
    threshold: 10,
    windowS: FIVE_MIN,
    summary: 'access_token rejected (40001): another process may be refreshing the same token',
  }),
  rule('daily-quota', {
    event: AlertEventName.Errcode,
    errcode: Errcode.DailyQuotaExceeded,
    threshold: 1,
    windowS: FIVE_MIN,
    summary: 'daily API quota reached (45009) until Shanghai midnight',
  }),
  rule('api-unauthorized', {
    event: AlertEventName.Errcode,
    errcode: Errcode.ApiUnauthorized,
    threshold: 1,
    windowS: FIVE_MIN,
    summary: 'API not authorised for this app (48001)',
  }),
  rule('system-busy', {
    event: AlertEventName.Errcode,
    errcode: Errcode.SystemBusy,
    threshold: 20,
    windowS: 60,
    summary: 'WeChat answers "system busy" (-1) in a burst',
  }),
  rule('pay-sign-error', {
    event: AlertEventName.PayApiError,
    errcode: 'SIGN_ERROR',
    threshold: 1,
    windowS: FIVE_MIN,
    summary: 'WeChat Pay refused our signature (SIGN_ERROR): check the merchant key and serial',
  }),
  rule('pay-notify-unverified', {
    event: AlertEventName.PayNotifyUnverified,
    threshold: 1,
    windowS: FIVE_MIN,
    summary: 'a pay notification failed verification (certificate or public key rotated?)',
  }),
  rule('outbox-dead-letter', {
    event: AlertEventName.OutboxDeadLetter,
    threshold: 1,
    windowS: FIVE_MIN,
    summary: 'an outbox message was dead-lettered',
  }),
  rule('shop-order-parked', {
    event: AlertEventName.ShopOrderParked,
    threshold: 1,
    windowS: FIVE_MIN,
    summary: 'an order was parked for an operator (a compensation could not finish)',
  }),
];

/** Errcodes counted but never alerted: 43101 is a user's refusal of a subscribe message, not a fault. */
export const NEVER_ALERTED: ReadonlySet<number | string> = new Set([Errcode.SubscribeRefused]);

/** The defaults with `settings` applied: overrides by name, `enabled: false` removes, new names add. */
export function buildAlertRules(settings: Readonly<Record<string, AlertRuleSetting>> = {}): AlertRule[] {
  const byName = new Map(DEFAULT_ALERT_RULES.map((r) => [r.name, r]));
  for (const [name, setting] of Object.entries(settings)) {
    const setting_ = `alerts.rules.${name}`;
    if (setting.errcode !== undefined && NEVER_ALERTED.has(setting.errcode)) {
      throw new ConfigError(`${setting_}.errcode`, `${setting.errcode} is counted, never alerted`);
    }
    if (setting.enabled === false) {
      byName.delete(name);
      continue;
    }
    const base = byName.get(name);
    if (!base && setting.errcode === undefined && setting.event === undefined) {
      throw new ConfigError(setting_, 'a new rule needs "errcode" or "event"');
    }
    byName.set(name, merge(name, base, setting));
  }
  return [...byName.values()];
}

function merge(name: string, base: AlertRule | undefined, setting: AlertRuleSetting): AlertRule {
  const defaults = base ?? { event: AlertEventName.Errcode, threshold: 1, windowS: FIVE_MIN };
  const errcode = setting.errcode ?? base?.errcode;
  const event = setting.event ?? defaults.event;
  return {
    name,
    ...(errcode === undefined ? {} : { errcode }),
    event,
    threshold: setting.threshold ?? defaults.threshold,
    windowS: setting.windowS ?? defaults.windowS,
    summary: base?.summary ?? `${event}${errcode === undefined ? '' : ` ${errcode}`}`,
  };
}

/** Whether `rule` counts `event` (43101 never). */
export function ruleMatches(
  rule: AlertRule,
  event: { event: string; errcode?: number | string | undefined },
): boolean {
  if (event.errcode !== undefined && NEVER_ALERTED.has(event.errcode)) return false;
  if (rule.event !== event.event) return false;
  return rule.errcode === undefined || rule.errcode === event.errcode;
}

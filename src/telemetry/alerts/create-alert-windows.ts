/** @module Sliding windows of events per rule, app and API: when a rule starts firing and when it clears. */
import type { AlertEvent } from './alert-event.js';
import { ruleMatches, type AlertRule } from './alert-rules.js';

export interface AlertNotice {
  readonly status: 'firing' | 'resolved';
  readonly rule: AlertRule;
  readonly app: string;
  readonly api: string;
  /** Matching events from the first of the window that fired it until now. */
  readonly count: number;
  readonly startsAt: number;
  /** Set on `resolved`. */
  readonly endsAt?: number;
}

export interface AlertWindows {
  /** Count `event`; the rules it makes fire now (each rule, app and API fires once until it clears). */
  observe(event: AlertEvent, now: number): AlertNotice[];
  /** The firing rules whose window now holds fewer events than their threshold. */
  sweep(now: number): AlertNotice[];
  /** How many rule, app and API combinations are firing. */
  firing(): number;
  /** Combinations holding events or firing (0: nothing to sweep). */
  size(): number;
}

interface Series {
  readonly rule: AlertRule;
  readonly app: string;
  readonly api: string;
  /** The newest `threshold` event times at most: enough to tell whether the window holds that many. */
  readonly times: number[];
  fired?: Fired;
}

interface Fired {
  readonly since: number;
  count: number;
}

const OTHER = 'other';

/** `maxSeries` bounds memory when API paths are unbounded (a gateway proxies any path): beyond it, `other`. */
export function createAlertWindows(
  rules: readonly AlertRule[],
  options: { maxSeries?: number } = {},
): AlertWindows {
  const maxSeries = options.maxSeries ?? 2000;
  const series = new Map<string, Series>();
  let firingCount = 0;

  const seriesFor = (rule: AlertRule, app: string, api: string): Series => {
    const exact = `${rule.name}\u0000${app}\u0000${api}`;
    const label = series.has(exact) || series.size < maxSeries ? api : OTHER;
    const key = `${rule.name}\u0000${app}\u0000${label}`;
    let found = series.get(key);
    if (!found) {
      found = { rule, app, api: label, times: [] };
      series.set(key, found);
    }
    return found;
  };

  return {
    observe(event, now) {
      const notices: AlertNotice[] = [];
      for (const rule of rules) {
        if (!ruleMatches(rule, event)) continue;
        const s = seriesFor(rule, event.app, event.api ?? '');
        if (count(s, now)) {
          firingCount += 1;
          notices.push(notice('firing', s, s.fired as Fired));
        }
      }
      return notices;
    },
    sweep(now) {
      const notices: AlertNotice[] = [];
      for (const [key, s] of series) {
        prune(s, now);
        if (s.fired && s.times.length < s.rule.threshold) {
          notices.push({ ...notice('resolved', s, s.fired), endsAt: now });
          delete s.fired;
          firingCount -= 1;
        }
        if (!s.fired && s.times.length === 0) series.delete(key);
      }
      return notices;
    },
    firing: () => firingCount,
    size: () => series.size,
  };
}

/** Add one event at `now`; true when that makes the series fire. */
function count(s: Series, now: number): boolean {
  prune(s, now);
  s.times.push(now);
  if (s.times.length > s.rule.threshold) s.times.shift();
  if (s.fired) {
    s.fired.count += 1;
    return false;
  }
  if (s.times.length < s.rule.threshold) return false;
  s.fired = { since: s.times[0] ?? now, count: s.times.length };
  return true;
}

function prune(s: Series, now: number): void {
  const oldest = now - s.rule.windowS * 1000;
  while (s.times.length > 0 && (s.times[0] as number) <= oldest) s.times.shift();
}

function notice(status: AlertNotice['status'], s: Series, fired: Fired) {
  return { status, rule: s.rule, app: s.app, api: s.api, count: fired.count, startsAt: fired.since };
}

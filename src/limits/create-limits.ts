/**
 * @module createLimits: inbound limits per route class, a sliding window per user and per IP, with
 * settings replaced at run time and a chosen answer when the shared store is down.
 */
import type {
  AppliedPolicy,
  LimitCaller,
  LimitClassSettings,
  LimitDecision,
  LimitOutcome,
  Limits,
  LimitSettings,
  SlidingWindowStore,
  WindowHit,
} from './limits.types.js';

export interface LimitsOptions {
  readonly store: SlidingWindowStore;
  readonly settings?: LimitSettings;
  /** When the store fails: `open` (default) lets requests through, `closed` refuses them. */
  readonly failMode?: 'open' | 'closed';
  /** Called once per check, for metrics (by class and outcome). */
  readonly observe?: (routeClass: string, outcome: LimitOutcome) => void;
  /** Store failures (each is also an outcome `error_*`). */
  readonly onError?: (error: unknown, routeClass: string) => void;
}

type Scope = 'user' | 'ip';

function windowsOf(routeClass: string, settings: LimitClassSettings, caller: LimitCaller) {
  const windows: { scope: Scope; hit: WindowHit; windowS: number }[] = [];
  const add = (scope: Scope, id: string | undefined, w: LimitClassSettings['perIp']) => {
    if (w === undefined || id === undefined || id === '') return;
    const hit = { key: `${routeClass}:${scope}:${id}`, max: w.max, windowMs: w.windowS * 1000 };
    windows.push({ scope, hit, windowS: w.windowS });
  };
  add('user', caller.userId, settings.perUser);
  add('ip', caller.ip, settings.perIp);
  return windows;
}

const seconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));

export function createLimits(options: LimitsOptions): Limits {
  let current: LimitSettings = options.settings ?? {};
  const failMode = options.failMode ?? 'open';
  const decide = (routeClass: string, decision: LimitDecision): LimitDecision => {
    options.observe?.(routeClass, decision.outcome);
    return decision;
  };
  return {
    settings: () => current,
    update(settings) {
      current = settings;
    },
    async check(routeClass, caller, defaults) {
      const settings = Object.hasOwn(current, routeClass) ? current[routeClass] : defaults;
      const windows = settings ? windowsOf(routeClass, settings, caller) : [];
      if (windows.length === 0) return decide(routeClass, { outcome: 'allowed', policies: [] });
      let counts;
      try {
        counts = await options.store.hit(windows.map((w) => w.hit));
      } catch (error) {
        options.onError?.(error, routeClass);
        const outcome = failMode === 'open' ? 'error_open' : 'error_closed';
        return decide(routeClass, {
          outcome,
          policies: [],
          ...(outcome === 'error_closed' ? { retryAfterS: 1 } : {}),
        });
      }
      const policies: AppliedPolicy[] = windows.map((w, i) => ({
        name: `${routeClass}.${w.scope}`,
        max: w.hit.max,
        windowS: w.windowS,
        remaining: counts[i]?.remaining ?? 0,
        resetS: seconds(counts[i]?.resetMs ?? 0),
      }));
      const refused = windows.map((_, i) => i).filter((i) => counts[i]?.allowed === false);
      if (refused.length === 0) return decide(routeClass, { outcome: 'allowed', policies });
      const retryAfterS = Math.max(...refused.map((i) => policies[i]?.resetS ?? 1));
      return decide(routeClass, { outcome: 'limited', policies, retryAfterS });
    },
  };
}

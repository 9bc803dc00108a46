/** Sliding-window limits: what a check asks, what a window store answers, what a decision says. */
import type { LimitClassSettings, LimitSettings } from '../config/config.types.js';

export type { LimitClassSettings, LimitSettings };

/** One window to count a request in: `key` may hold at most `max` hits in any `windowMs`. */
export interface WindowHit {
  readonly key: string;
  readonly max: number;
  readonly windowMs: number;
}

export interface WindowCount {
  /** Whether this window had room (the hit is recorded in every window, or in none). */
  readonly allowed: boolean;
  /** Hits still allowed in the window after this one. */
  readonly remaining: number;
  /** Until the oldest hit in the window leaves it (a refused caller may come back then). */
  readonly resetMs: number;
}

/**
 * Counts hits in sliding windows, all or nothing: when any window is full, no window records the hit
 * (a refused request does not eat into the other windows). Shared by processes on the same backend.
 */
export interface SlidingWindowStore {
  hit(windows: readonly WindowHit[]): Promise<WindowCount[]>;
}

/** `allowed`, `limited` (429), `error_open` (store down, let through), `error_closed` (store down, 503). */
export type LimitOutcome = 'allowed' | 'limited' | 'error_open' | 'error_closed';

/** One applied policy, as the `RateLimit-Policy` and `RateLimit` headers describe it. */
export interface AppliedPolicy {
  /** `<class>.user` or `<class>.ip`. */
  readonly name: string;
  readonly max: number;
  readonly windowS: number;
  readonly remaining: number;
  /** Seconds until the window has room again (rounded up). */
  readonly resetS: number;
}

export interface LimitDecision {
  readonly outcome: LimitOutcome;
  readonly policies: readonly AppliedPolicy[];
  /** Set unless allowed: seconds to wait before trying again. */
  readonly retryAfterS?: number;
}

/** Who is asking: the user (when signed in) and the client's address. */
export interface LimitCaller {
  readonly userId?: string;
  readonly ip: string;
}

export interface Limits {
  /** Counts one request of `routeClass`; a class without settings (nor `defaults`) is not limited. */
  check(routeClass: string, caller: LimitCaller, defaults?: LimitClassSettings): Promise<LimitDecision>;
  /** The settings in force. */
  settings(): LimitSettings;
  /** Replaces the settings (a reload of the config file). */
  update(settings: LimitSettings): void;
}

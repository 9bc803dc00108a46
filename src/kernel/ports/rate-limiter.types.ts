export interface RateLimitResult {
  readonly allowed: boolean;
  readonly remaining: number;
  /** When not allowed: how long until the next point frees up. */
  readonly msBeforeNext: number;
}

export interface RateLimitOptions {
  /** Points allowed per window. */
  points: number;
  /** Window length in ms. */
  durationMs: number;
  /** Prefix for every key (one per suite/app). */
  keyPrefix?: string;
}

/** A fixed-window rate limiter shared by the processes using the same backend. */
export interface RateLimiter {
  consume(key: string, points?: number): Promise<RateLimitResult>;
}

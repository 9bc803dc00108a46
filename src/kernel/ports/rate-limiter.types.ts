export interface RateLimitResult {
  readonly allowed: boolean;
  readonly remaining: number;
  /** When not allowed: how long until the next point frees up. */
  readonly msBeforeNext: number;
  /**
   * Points asked for beyond the limit in this window, this refused call's included (0 when allowed):
   * the caller's place in the line, so refused callers can come back spread over later windows
   * instead of all at once.
   */
  readonly excess: number;
}

export interface RateLimitOptions {
  /** Points allowed per window. */
  points: number;
  /** Window length in ms (a whole number). */
  durationMs: number;
  /** Prefix for every key (one per suite/app). */
  keyPrefix?: string;
}

/** A fixed-window rate limiter shared by the processes using the same backend. */
export interface RateLimiter {
  consume(key: string, points?: number): Promise<RateLimitResult>;
}

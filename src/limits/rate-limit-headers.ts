/**
 * @module rateLimitHeaders: a decision as the IETF draft's `RateLimit-Policy` and `RateLimit` fields
 * (draft-ietf-httpapi-ratelimit-headers: a list of named policies with quota `q` and window `w`, and per
 * policy the remaining quota `r` and seconds to reset `t`), plus `Retry-After` when refused.
 */
import type { LimitDecision } from './limits.types.js';

export function rateLimitHeaders(decision: LimitDecision): Record<string, string> {
  const headers: Record<string, string> = {};
  if (decision.policies.length > 0) {
    headers['ratelimit-policy'] = decision.policies
      .map((p) => `"${p.name}";q=${p.max};w=${p.windowS}`)
      .join(', ');
    headers['ratelimit'] = decision.policies
      .map((p) => `"${p.name}";r=${p.remaining};t=${p.resetS}`)
      .join(', ');
  }
  if (decision.retryAfterS !== undefined) headers['retry-after'] = String(decision.retryAfterS);
  return headers;
}

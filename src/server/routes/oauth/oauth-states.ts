/** @module The `state` of web authorization: random, single use, bound to the browser that asked for it. */
import { createHash, randomBytes } from 'node:crypto';
import { randomNonce, safeEqual } from '../../../kernel/crypto/index.js';
import { ApiProblem } from '../../envelope/index.js';
import type { Cache } from '../../../kernel/ports/cache.types.js';
import type { OAuthScope } from '../../../official-account/api/oauth.types.js';

/** What the state stands for; kept server-side, never in the URL. */
export interface PendingLogin {
  readonly app: string;
  readonly scope: OAuthScope;
  readonly redirect: string;
}

interface StoredState extends PendingLogin {
  /** sha256 of the browser binding: the cache never holds the cookie value itself. */
  readonly browser: string;
}

export interface OAuthStates {
  /** A new state for this browser binding, valid `ttlMs`. */
  open(binding: string, login: PendingLogin): Promise<string>;
  /** Checks the binding, then consumes the state (exactly one caller wins); ApiProblem otherwise. */
  consume(state: string | undefined, binding: string | undefined): Promise<PendingLogin>;
}

/** The cookie value binding states to a browser: 32 random bytes, base64url. */
export const newBinding = (): string => randomBytes(32).toString('base64url');
export const isBinding = (value: string | undefined): value is string =>
  value !== undefined && /^[A-Za-z0-9_-]{43}$/.test(value);

const hash = (binding: string) => createHash('sha256').update(binding).digest('hex');
const STATE_PATTERN = /^[A-Za-z0-9]{32}$/;

export function createOAuthStates(deps: { cache: Cache; ttlMs: number }): OAuthStates {
  const key = (state: string) => `wegate:oauth:state:${state}`;
  return {
    async open(binding, login) {
      // WeChat echoes state as given; a-zA-Z0-9 up to 128 bytes is what it accepts.
      const state = randomNonce(32);
      await deps.cache.set(key(state), JSON.stringify({ ...login, browser: hash(binding) }), deps.ttlMs);
      return state;
    },
    async consume(state, binding) {
      if (state === undefined || state === '' || !isBinding(binding))
        throw new ApiProblem('OAuthStateMissing');
      if (!STATE_PATTERN.test(state)) throw new ApiProblem('OAuthStateInvalid');
      const raw = await deps.cache.get(key(state));
      if (raw === undefined) throw new ApiProblem('OAuthStateInvalid');
      const stored = JSON.parse(raw) as StoredState;
      // A mismatch leaves the state alone: the browser it belongs to may still come back with it.
      if (!safeEqual(stored.browser, hash(binding))) throw new ApiProblem('OAuthStateMismatch');
      if (!(await deps.cache.deleteIfEquals(key(state), raw))) throw new ApiProblem('OAuthStateInvalid');
      return { app: stored.app, scope: stored.scope, redirect: stored.redirect };
    },
  };
}

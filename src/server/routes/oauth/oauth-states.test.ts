import { describe, expect, it } from 'vitest';
import { createManualClock, createMemoryCache } from '../../../adapters/memory/index.js';
import { isApiProblem } from '../../envelope/index.js';
import { readCookie, serializeCookie } from './cookies.js';
import { createOAuthStates, newBinding } from './oauth-states.js';
import { safeRedirectPath as safeRedirectTo } from './redirect-target.js';

const LOGIN = { app: 'oa', scope: 'snsapi_base', redirect: '/p' } as const;
const problemOf = (e: unknown) => (isApiProblem(e) ? e.problem : e);
const failure = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('web authorization state', () => {
  it('hands a state to exactly one of two simultaneous callbacks of its browser', async () => {
    const cache = createMemoryCache();
    const states = createOAuthStates({ cache, ttlMs: 60_000 });
    const binding = newBinding();
    const state = await states.open(binding, LOGIN);
    const outcomes = await Promise.allSettled([
      states.consume(state, binding),
      states.consume(state, binding),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const rejected = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(problemOf(rejected.reason)).toBe('OAuthStateInvalid');
    expect(await cache.get(`wegate:oauth:state:${state}`)).toBeUndefined();
  });

  it('keeps the binding out of the cache and refuses other bindings without spending the state', async () => {
    const cache = createMemoryCache();
    const states = createOAuthStates({ cache, ttlMs: 60_000 });
    const binding = newBinding();
    const state = await states.open(binding, LOGIN);
    expect(await cache.get(`wegate:oauth:state:${state}`)).not.toContain(binding);
    const wrong = await states.consume(state, newBinding()).catch(problemOf);
    expect(wrong).toBe('OAuthStateMismatch');
    expect(await states.consume(state, binding)).toEqual(LOGIN);
    expect(await states.consume(undefined, binding).catch(problemOf)).toBe('OAuthStateMissing');
    expect(await states.consume(state, 'short').catch(problemOf)).toBe('OAuthStateMissing');
    expect(await states.consume('bad state!', binding).catch(problemOf)).toBe('OAuthStateInvalid');
  });

  it('forgets a state after its time to live', async () => {
    const clock = createManualClock(0);
    const states = createOAuthStates({ cache: createMemoryCache({ clock }), ttlMs: 600_000 });
    const binding = newBinding();
    const state = await states.open(binding, LOGIN);
    clock.advance(600_000);
    expect(await states.consume(state, binding).catch(problemOf)).toBe('OAuthStateInvalid');
  });
});

describe('redirect targets and cookies', () => {
  it('accepts paths on this server and refuses everything a browser could take elsewhere', () => {
    const safeRedirectPath = (value: string | undefined) => safeRedirectTo(value, ['/']);
    expect(safeRedirectPath(undefined)).toBe('/');
    expect(safeRedirectPath('/shop/1?x=%2F')).toBe('/shop/1?x=%2F');
    for (const bad of [
      'shop',
      'https://e.x',
      '//e.x',
      '/\\e.x',
      '/a#b',
      '/a b',
      '/a\tb',
      `/${'a'.repeat(1024)}`,
    ]) {
      expect(() => safeRedirectPath(bad), bad).toThrow();
    }
  });

  it('percent-encodes a non-ASCII path and query as UTF-8, leaving existing escapes alone', () => {
    expect(safeRedirectTo('/商品/1?名=值&x=%2F', ['/'])).toBe(
      '/%E5%95%86%E5%93%81/1?%E5%90%8D=%E5%80%BC&x=%2F',
    );
    expect(safeRedirectTo('/%E5%95%86%E5%93%81', ['/商品'])).toBe('/%E5%95%86%E5%93%81');
  });

  it('matches prefixes on segment boundaries and never reaches a reserved path', () => {
    const shop = ['/shop', '/demo/h5'];
    expect(safeRedirectTo(undefined, shop)).toBe('/shop');
    expect(safeRedirectTo('/shop/x?y=1', shop)).toBe('/shop/x?y=1');
    expect(safeRedirectTo('/demo/h5', shop)).toBe('/demo/h5');
    for (const bad of ['/shopping', '/demo', '/', '/shop/../x', '/shop/%2e%2e/x', '/shop//x']) {
      expect(() => safeRedirectTo(bad, shop), bad).toThrow();
    }
    for (const reserved of ['/api/files/1', '/Api', '/%61pi/x', '/api;a/x', '/gateway/oa', '/metrics']) {
      expect(problemOf(failure(() => safeRedirectTo(reserved, ['/'])))).toBe('OAuthRedirectInvalid');
    }
  });

  it('reads one cookie among several and writes HttpOnly SameSite=Lax, Secure on https', () => {
    expect(readCookie('a=1; wegate_oauth=x%2By; b=2', 'wegate_oauth')).toBe('x+y');
    expect(readCookie('a=%E0', 'a')).toBeUndefined();
    expect(readCookie(undefined, 'a')).toBeUndefined();
    expect(serializeCookie('n', 'v', { path: '/oauth', maxAgeS: 600, secure: true })).toBe(
      'n=v; Path=/oauth; Max-Age=600; HttpOnly; SameSite=Lax; Secure',
    );
  });
});

/** @module `oauth.redirectPaths`: the path prefixes web authorization may redirect to, and the reserved ones. */
import { ConfigError } from './config-error.js';

/**
 * First path segments no redirect may ever reach, whatever the configuration says: the server's API and
 * protocol routes. The session travels in the redirect's fragment, so a page there that shows user content
 * (an uploaded file) could read it.
 */
export const RESERVED_REDIRECT_SEGMENTS: ReadonlySet<string> = new Set([
  'api',
  'gateway',
  '__emulator',
  'wechat',
  'pay',
  'oauth',
  'metrics',
  'jssdk',
  'ping',
  'healthz',
  'readyz',
]);

/** Every path of the server except the reserved ones. */
export const DEFAULT_REDIRECT_PATHS: readonly string[] = ['/'];

/** Whether a (decoded) path starts with a reserved segment, compared without case or `;` parameters. */
export function isReservedPath(path: string): boolean {
  const first = (path.split('/')[1] ?? '').split(';')[0]?.toLowerCase() ?? '';
  return RESERVED_REDIRECT_SEGMENTS.has(first);
}

/** Prefix matching on segment boundaries: `/shop` covers `/shop` and `/shop/x`, not `/shopping`. */
export function isUnderPrefix(path: string, prefix: string): boolean {
  if (prefix === '/') return true;
  return path === prefix || path.startsWith(`${prefix}/`);
}

/** A prefix as configured (`/shop/` → `/shop`), or a ConfigError naming `setting`. */
function normalizePrefix(setting: string, value: string): string {
  const prefix = value.trim();
  if (prefix === '/') return prefix;
  const segments = prefix.replace(/\/$/, '').split('/').slice(1);
  const plain = /^\/[^\s\\?#%]+$/.test(prefix) && /^[^\u0000-\u001f\u007f]+$/.test(prefix);
  if (!plain || segments.some((s) => s === '' || s === '.' || s === '..')) {
    throw new ConfigError(
      setting,
      `"${value}" must be a path such as /shop (no //, backslash, dot segment, %, ? or #)`,
    );
  }
  const normalized = `/${segments.join('/')}`;
  if (isReservedPath(normalized)) {
    throw new ConfigError(setting, `"${value}" is under /${segments[0]}/, which no redirect may reach`);
  }
  return normalized;
}

/** The validated, normalized prefixes; `setting` names the variable or file key in errors. */
export function checkRedirectPaths(setting: string, values: readonly string[]): string[] {
  return values.map((value) => normalizePrefix(setting, value));
}

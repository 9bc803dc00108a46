/** @module The `redirect` of `/oauth/authorize`: a path on this server only (no open redirect). */
import { ApiProblem } from '../../../kernel/errors/catalogue.js';

const MAX_LENGTH = 1024;

/**
 * Accepts `/path?query` and nothing that a browser could resolve to another origin: no scheme, no `//host`
 * or `/\host` (browsers read a backslash as a slash), no control characters or spaces, and no fragment
 * (ours carries the session). Default `/`.
 */
export function safeRedirectPath(value: string | undefined): string {
  if (value === undefined || value === '') return '/';
  const refuse = () => new ApiProblem('OAuthRedirectInvalid');
  if (value.length > MAX_LENGTH || !value.startsWith('/')) throw refuse();
  if (value.startsWith('//') || value.includes('\\') || value.includes('#')) throw refuse();
  if (/[\u0000-\u0020\u007f]/.test(value)) throw refuse();
  return value;
}

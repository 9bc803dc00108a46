/** @module The `redirect` of web authorization: a path under `oauth.redirectPaths`, never an API path. */
import { isReservedPath, isUnderPrefix } from '../../../config/redirect-paths.js';
import { ApiProblem } from '../../envelope/index.js';

const MAX_LENGTH = 1024;
const PARSE_BASE = 'http://wegate.invalid';
/** Encoded `/`, `\`, `.` and `%`: a proxy or router decoding them could read `..` or `//` we never saw. */
const ENCODED_TRICKS = /%(?:2f|5c|2e|25)/i;

const refuse = (why: string) => new ApiProblem('OAuthRedirectInvalid', `redirect ${why}`);

/** The path decoded for checking, refusing encodings that change its structure and malformed escapes. */
function decodePath(path: string): string {
  if (ENCODED_TRICKS.test(path)) throw refuse('must not encode a slash, backslash, dot or percent sign');
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    throw refuse('has a malformed percent escape');
  }
  if (/[\u0000-\u001f\u007f]/.test(decoded)) throw refuse('must not contain control characters');
  // A trailing slash is a path of its own; empty segments elsewhere (`//`) and dot segments are not.
  const segments = decoded.split('/').slice(1, decoded.endsWith('/') ? -1 : undefined);
  // `..;x` is `..` to servlet-style routers behind some proxies.
  const dots = (segment: string) => ['', '.', '..'].includes(segment.split(';')[0] as string);
  if (segments.some(dots)) throw refuse('has an empty or dot segment');
  return decoded;
}

/**
 * Accepts `/path?query` on this server under one of `prefixes` (segment boundaries), never a reserved
 * API or protocol path, and returns it as the Location to send: ASCII, non-ASCII characters
 * percent-encoded as UTF-8. No scheme or host, no `//` or `/\` start (browsers read a backslash as a
 * slash), no control characters, spaces or `#` (the session travels in our fragment). Default: the first
 * prefix. Checked where the login starts and again before its code is exchanged.
 */
export function safeRedirectPath(value: string | undefined, prefixes: readonly string[]): string {
  const raw = value === undefined || value === '' ? (prefixes[0] ?? '/') : value;
  if (raw.length > MAX_LENGTH) throw refuse(`must be at most ${MAX_LENGTH} characters`);
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.includes('\\')) {
    throw refuse('must be a path on this server');
  }
  if (/[\u0000-\u0020\u007f#]/.test(raw)) throw refuse('must not contain spaces, control characters or #');
  const query = raw.indexOf('?');
  const path = decodePath(query < 0 ? raw : raw.slice(0, query));
  if (isReservedPath(path)) throw refuse('must not lead to an API or protocol route');
  if (!prefixes.some((prefix) => isUnderPrefix(path, prefix))) throw refuse('is not under an allowed path');
  const url = new URL(raw, PARSE_BASE);
  if (url.origin !== PARSE_BASE) throw refuse('must be a path on this server');
  return `${url.pathname}${url.search}`;
}

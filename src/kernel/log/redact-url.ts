/** @module redactUrl(): mask credential-bearing query values before a URL reaches a log line. */

export const REDACTED = '[redacted]';

/** Query parameters WeChat APIs carry credentials or one-time codes in. */
export const SECRET_QUERY_KEYS = [
  'access_token',
  'secret',
  'appsecret',
  'js_code',
  'code',
  'refresh_token',
  'ticket',
  // The realtime routes take the user's JWT from `?token=` (EventSource and WebSocket cannot set headers).
  'token',
] as const;

const PATTERN = new RegExp(`([?&](?:${SECRET_QUERY_KEYS.join('|')})=)[^&#]*`, 'gi');

/** Works on absolute and relative URLs alike and leaves everything else untouched. */
export function redactUrl(url: string): string {
  return url.replace(PATTERN, `$1${REDACTED}`);
}

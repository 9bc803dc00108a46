/** @module Reading one cookie and writing a Set-Cookie value (the server has no cookie plugin). */

/** The value of cookie `name`, or undefined (also for a malformed escape). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1 || part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export interface CookieOptions {
  readonly path: string;
  readonly maxAgeS: number;
  /** Set on https requests (as the browser saw them, behind a proxy too). */
  readonly secure: boolean;
}

/** Always HttpOnly and SameSite=Lax: the top-level GET back from WeChat still carries it, cross-site posts do not. */
export function serializeCookie(name: string, value: string, options: CookieOptions): string {
  const secure = options.secure ? '; Secure' : '';
  return `${name}=${encodeURIComponent(value)}; Path=${options.path}; Max-Age=${options.maxAgeS}; HttpOnly; SameSite=Lax${secure}`;
}

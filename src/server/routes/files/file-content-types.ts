/** @module Which content types an upload may have, and how a stored file is served (type, disposition, headers). */
import type { FastifyInstance } from 'fastify';

/** Images a browser only ever decodes as pixels (SVG is a document with scripts: not here). */
const INLINE_IMAGES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp']);
/** Passive, but handed over as a download rather than shown. */
const DOWNLOAD_ONLY = new Set(['text/plain', 'application/octet-stream']);
/**
 * Types a browser runs or renders as a page on our origin: markup, scripts, style sheets, plugins. Any
 * `+xml` type is XML, which a browser renders (and runs XSLT/XHTML scripts in) as a document.
 */
const ACTIVE =
  /^(?:text\/(?:html|xml|xsl|css|javascript|ecmascript|x-javascript|jscript|vbscript|x-component)|application\/(?:xml|javascript|ecmascript|x-javascript|x-shockwave-flash|wasm)|image\/svg|multipart\/x-mixed-replace|[a-z0-9!#$&^_.-]+\/[a-z0-9!#$&^_.+-]*\+xml)$/;
const MIME = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;

/** The policy of every /api/files answer: the body can load nothing, and runs nowhere but a sandbox. */
export const FILE_CSP = "default-src 'none'; sandbox";

/** The type without parameters, lowercased; undefined for anything that is not a plain `type/subtype`. */
export function baseType(type: string | undefined): string | undefined {
  const base = (type ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return MIME.test(base) ? base : undefined;
}

/** Markup, script or style a browser would run or render as a page (an unreadable type is not "active": it is refused as unsupported). */
export function isActiveType(type: string | undefined): boolean {
  const base = baseType(type);
  return base !== undefined && ACTIVE.test(base);
}

/** Served inline: a passive image, audio, video or PDF. */
function isInlineType(base: string): boolean {
  if (ACTIVE.test(base)) return false;
  return INLINE_IMAGES.has(base) || base === 'application/pdf' || /^(?:audio|video)\//.test(base);
}

/** A type known to be passive: shown inline, or downloaded. */
export function isPassiveType(base: string): boolean {
  return isInlineType(base) || DOWNLOAD_ONLY.has(base);
}

/**
 * An entry names a type exactly (any type the operator chose, active ones included: they are still only
 * ever served as downloads) or is a `type/*` wildcard, which covers known-passive types only: `image/*`
 * admits PNG, never SVG.
 */
export function typeAllowed(type: string, allowed: readonly string[]): boolean {
  const base = baseType(type);
  if (base === undefined) return false;
  return allowed.some((entry) => {
    const a = entry.toLowerCase();
    if (a === base) return true;
    return a.endsWith('/*') && base.startsWith(a.slice(0, -1)) && isPassiveType(base);
  });
}

/** What a stored file is answered as: never its stored type blindly, only a passive one or octet-stream. */
export function servedAs(stored: string): { readonly type: string; readonly inline: boolean } {
  const base = baseType(stored);
  if (base !== undefined && isInlineType(base)) return { type: base, inline: true };
  if (base !== undefined && DOWNLOAD_ONLY.has(base)) return { type: base, inline: false };
  return { type: 'application/octet-stream', inline: false };
}

/** RFC 6266: a quoted ASCII fallback, then the exact name as RFC 5987 UTF-8 (attr-chars only). */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const exact = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${exact}`;
}

/**
 * Every answer of the routes in `app` (errors, 304, 416 included) gets nosniff and the CSP; every answer
 * of the download route that is not a 200/206 of a file declared inline is an attachment.
 */
export function guardFileAnswers(app: FastifyInstance, downloadUrl: string): void {
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('content-security-policy', FILE_CSP);
    if (request.routeOptions.url === downloadUrl) {
      const served = reply.statusCode === 200 || reply.statusCode === 206;
      if (!served || !reply.hasHeader('content-disposition'))
        reply.header('content-disposition', 'attachment');
    }
    done(null, payload);
  });
}

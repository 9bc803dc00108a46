/** @module The page URL a JS-SDK signature is computed over, as WeChat's client will sign it. */
import { ApiProblem } from '../../envelope/index.js';

const MAX_URL_LENGTH = 2048;
/** http(s), a host, and no whitespace anywhere. */
const PAGE_URL = /^https?:\/\/[^\s/?#]+\S*$/i;

export interface PageUrlSource {
  /** The `url` query parameter: absolute, or a path on this server. */
  readonly url?: string;
  /** The Referer header, used when `url` is absent. */
  readonly referer?: string;
  /**
   * `protocol://host` of this request as the browser saw it (proxy headers honoured); asked only for a
   * relative `url`, since reading the proxy headers costs more than the rest of the resolution.
   */
  readonly origin: string | (() => string);
}

/**
 * WeChat signs the page URL exactly as the browser has it, minus the fragment, without re-encoding:
 * so the value is cut at `#` and otherwise kept byte for byte (no `new URL()` round trip, which would
 * normalise escapes and break the signature).
 */
export function resolvePageUrl(source: PageUrlSource): string {
  const given = source.url ?? source.referer;
  if (given === undefined || given === '') {
    throw new ApiProblem('ValidationFailed', 'url is required (query parameter url, or a Referer header)');
  }
  if (given.length > MAX_URL_LENGTH) throw new ApiProblem('ValidationFailed', 'url is too long');
  const hash = given.indexOf('#');
  const page = hash === -1 ? given : given.slice(0, hash);
  const origin = () => (typeof source.origin === 'string' ? source.origin : source.origin());
  const absolute = page.startsWith('/') && !page.startsWith('//') ? `${origin()}${page}` : page;
  if (!PAGE_URL.test(absolute)) {
    throw new ApiProblem('ValidationFailed', 'url must be an http(s) page URL');
  }
  return absolute;
}

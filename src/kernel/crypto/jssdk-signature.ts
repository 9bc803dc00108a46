/** @module JS-SDK `wx.config` signature over jsapi_ticket, noncestr, timestamp and url. */
import { sha1Hex } from './sha1-hex.js';

export interface JsSdkSignatureInput {
  ticket: string;
  nonceStr: string;
  timestamp: string | number;
  /** The full page URL; anything from `#` on is dropped, nothing is URL-escaped. */
  url: string;
}

/** Strips the fragment: WeChat signs the page URL as the browser sends it, without `#…`. */
export function stripUrlFragment(url: string): string {
  const hash = url.indexOf('#');
  return hash === -1 ? url : url.slice(0, hash);
}

/** The string WeChat hashes (keys already in ASCII order, values raw). */
export function buildJsSdkSignString(input: JsSdkSignatureInput): string {
  return (
    `jsapi_ticket=${input.ticket}&noncestr=${input.nonceStr}` +
    `&timestamp=${input.timestamp}&url=${stripUrlFragment(input.url)}`
  );
}

/** Lower-case hex sha1 of the sign string. */
export function signJsSdk(input: JsSdkSignatureInput): string {
  return sha1Hex(buildJsSdkSignString(input));
}

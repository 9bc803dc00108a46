/** @module The `wx.config` parameters of a page: what both the route and its lane answer. */
import { randomNonce, signJsSdk } from '../../../kernel/crypto/index.js';

export interface JsSdkConfig {
  readonly appId: string;
  readonly timestamp: number;
  readonly nonceStr: string;
  readonly signature: string;
}

/** Query parameters an app name may take (the route's schema and the lane check the same). */
export const APP_NAME = /^[a-z0-9_-]{1,32}$/;

/** The `wx.config` parameters for `url`, signed now with `ticket`. */
export function buildJsSdkConfig(appid: string, ticket: string, url: string): JsSdkConfig {
  const timestamp = Math.floor(Date.now() / 1000);
  const nonceStr = randomNonce(16);
  return { appId: appid, timestamp, nonceStr, signature: signJsSdk({ ticket, nonceStr, timestamp, url }) };
}

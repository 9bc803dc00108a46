/** @module Where the emulator pushes an app's messages: its explicit callbackUrl or `<serverUrl>/wechat/<name>`. */
import type { EmulatorApp } from '../world/app-book.js';

/** The app's callback URL; apps without a name (seeded by hand) use their appid as the path segment. */
export function callbackUrlOf(app: EmulatorApp, serverUrl: string): string {
  if (app.callbackUrl !== undefined && app.callbackUrl !== '') return app.callbackUrl;
  const base = serverUrl.replace(/\/+$/, '');
  return `${base}/wechat/${encodeURIComponent(app.name ?? app.appid)}`;
}

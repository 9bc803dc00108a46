/** @module Per-app callback state, computed once at start: token, cipher, router and body format. */
import { createMsgCipher, type MsgCipher } from '../kernel/crypto/index.js';
import type { CallbackContext, WeChatApp } from './callback-context.js';
import type { CallbackMode } from './callback-record.types.js';
import type { Router } from './router.types.js';

export interface CallbackApp {
  readonly name: string;
  readonly appid: string;
  /** Undefined when the app has no callback token configured: its callbacks are refused. */
  readonly token?: string;
  readonly cipher?: MsgCipher;
  /** The message mode configured in the WeChat console: the only one this app's pushes may use. */
  readonly mode: CallbackMode;
  /** Undefined when no router was given: pushes are answered `success`. */
  readonly router?: Router<CallbackContext>;
  /** Official Accounts push XML only; Mini Programs push XML or JSON, told apart per request. */
  readonly sniffFormat: boolean;
  readonly wechat: WeChatApp;
}

/** One CallbackApp per app in `apps`, keyed by app name, with its router from `routers`. */
export function createCallbackApps(
  apps: Readonly<Record<string, WeChatApp>>,
  routers: Readonly<Record<string, Router<CallbackContext> | undefined>> = {},
): Map<string, CallbackApp> {
  const byName = new Map<string, CallbackApp>();
  for (const [name, wechat] of Object.entries(apps)) {
    const app = wechat.config;
    byName.set(name, {
      name,
      appid: app.appid,
      token: app.token,
      cipher: app.aesKey ? createMsgCipher({ aesKey: app.aesKey, appid: app.appid }) : undefined,
      mode: app.msgMode,
      router: routers[name],
      sniffFormat: app.type === 'mini-program',
      wechat,
    });
  }
  return byName;
}

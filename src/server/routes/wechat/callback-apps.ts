/** @module Per-app callback state, computed once at start: token, cipher, router and body format. */
import type { WegateConfig } from '../../../config/config.types.js';
import { createSandboxRouter, type CallbackMode, type Router } from '../../../callback/index.js';
import { createMsgCipher, type MsgCipher } from '../../../kernel/crypto/index.js';
import type { ServerDeps, WeChatApp } from '../../server-deps.types.js';
import type { CallbackContext } from './callback-context.js';

export interface CallbackApp {
  readonly name: string;
  readonly appid: string;
  /** Undefined when the app has no callback token configured: its callbacks are refused. */
  readonly token?: string;
  readonly cipher?: MsgCipher;
  /** The message mode configured in the WeChat console: the only one this app's pushes may use. */
  readonly mode: CallbackMode;
  /** Undefined outside sandbox when no router was given: pushes are answered `success`. */
  readonly router?: Router<CallbackContext>;
  /** Official Accounts push XML only; Mini Programs push XML or JSON, told apart per request. */
  readonly sniffFormat: boolean;
  readonly wechat: WeChatApp;
}

/** One CallbackApp per app in `deps.apps`, keyed by app name. */
export function createCallbackApps(config: WegateConfig, deps: ServerDeps): Map<string, CallbackApp> {
  const apps = new Map<string, CallbackApp>();
  for (const [name, wechat] of Object.entries(deps.apps)) {
    const app = wechat.config;
    const router =
      deps.callbacks?.[name] ??
      (config.sandbox ? createSandboxRouter<CallbackContext>({ url: config.serverUrl }) : undefined);
    apps.set(name, {
      name,
      appid: app.appid,
      token: app.token,
      cipher: app.aesKey ? createMsgCipher({ aesKey: app.aesKey, appid: app.appid }) : undefined,
      mode: app.msgMode,
      router,
      sniffFormat: app.type === 'mini-program',
      wechat,
    });
  }
  return apps;
}

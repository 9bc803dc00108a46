/** @module The apps of the callback e2e servers: one per message mode, and Mini Program push as JSON and XML. */
import type { MsgMode, PushFormat } from '../../src/config/config.types.js';

// 43 letters and digits that decode to 32 bytes, as the admin console generates them.
const AES_KEY = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';

/** `apps` of wegate.config.json; `oa` takes its mode and `mp` its push format from the environment. */
export const E2E_APPS: Record<string, Record<string, string>> = {
  oa: { appid: 'wx00000000000e2e01', secret: 'secretOa', token: 'tokenOa', aesKey: AES_KEY },
  'oa-compat': {
    type: 'official-account',
    appid: 'wx00000000000e2e02',
    secret: 'secretOaCompat',
    token: 'tokenOaCompat',
    aesKey: AES_KEY,
    msgMode: 'compatible',
  },
  'oa-safe': {
    type: 'official-account',
    appid: 'wx00000000000e2e03',
    secret: 'secretOaSafe',
    token: 'tokenOaSafe',
    aesKey: AES_KEY,
    msgMode: 'safe',
  },
  mp: { appid: 'wx00000000000e2e04', secret: 'secretMp', token: 'tokenMp', aesKey: AES_KEY, msgMode: 'safe' },
  'mp-xml': {
    type: 'mini-program',
    appid: 'wx00000000000e2e05',
    secret: 'secretMpXml',
    token: 'tokenMpXml',
    aesKey: AES_KEY,
    msgMode: 'safe',
    pushFormat: 'xml',
  },
};

export const E2E_ENV = { WECHAT_OA_MSG_MODE: 'plain', WECHAT_MP_PUSH_FORMAT: 'json' };

export interface Channel {
  readonly app: string;
  readonly mode: MsgMode;
  readonly format: PushFormat;
}

export const CHANNELS: readonly Channel[] = [
  { app: 'oa', mode: 'plain', format: 'xml' },
  { app: 'oa-compat', mode: 'compatible', format: 'xml' },
  { app: 'oa-safe', mode: 'safe', format: 'xml' },
  { app: 'mp', mode: 'safe', format: 'json' },
  { app: 'mp-xml', mode: 'safe', format: 'xml' },
];

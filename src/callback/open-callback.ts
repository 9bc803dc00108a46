/** @module From raw request to verified message: the app's configured mode decides what proof is required. */
import type { CallbackFormat, CallbackMode, CallbackQuery } from './callback-record.types.js';
import { openPush, type VerifiedMessage } from './open-push.js';
import { sniffFormat } from './parse-inbound-body.js';
import type { CallbackApp } from './callback-apps.js';
import { refusePush } from './callback-rejection.js';

export interface OpenedCallback {
  readonly message: VerifiedMessage;
  readonly mode: CallbackMode;
  readonly format: CallbackFormat;
  readonly nonce: string;
}

export interface OpenCallbackInput {
  readonly app: CallbackApp;
  readonly query: CallbackQuery;
  readonly body: unknown;
  readonly maxSkewS: number;
  readonly maxBytes: number;
  readonly now: number;
}

/**
 * Throws the one CallbackRejection every refused push gets (see refusePush): nothing is stored or
 * routed before the configured mode's signature verified, and only the record it covers is routed.
 */
export function openCallback(input: OpenCallbackInput): OpenedCallback {
  const { app, query, body } = input;
  const raw = typeof body === 'string' || Buffer.isBuffer(body) ? body : '';
  const format: CallbackFormat = app.sniffFormat ? sniffFormat(raw) : 'xml';
  const opened = openPush({
    mode: app.mode,
    token: app.token as string,
    cipher: app.cipher,
    appid: app.appid,
    query,
    body: raw,
    format,
    maxSkewS: input.maxSkewS,
    now: input.now,
    maxBytes: input.maxBytes,
  });
  if (!opened.ok) throw refusePush(opened.check, app.mode);
  return { message: opened.message, mode: app.mode, format, nonce: opened.nonce };
}

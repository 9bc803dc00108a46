/** @module From raw request to typed message: parse the envelope, detect the mode, verify, decrypt, type. */
import {
  detectMode,
  openInbound,
  parseInboundBody,
  parseMessage,
  sniffFormat,
  verifyInbound,
  type CallbackFormat,
  type CallbackMode,
  type CallbackQuery,
  type InboundMessage,
} from '../../../callback/index.js';
import type { CallbackApp } from './callback-apps.js';
import { CallbackRejection, rejectInput, rejectSignature } from './callback-rejection.js';

export interface OpenedCallback {
  readonly message: InboundMessage;
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
 * Throws a CallbackRejection for anything WeChat would not have sent. Parsing the envelope comes
 * first only because the mode is read from it; nothing is stored or routed before verification.
 */
export function openCallback(input: OpenCallbackInput): OpenedCallback {
  const { app, query, body } = input;
  if (!(typeof body === 'string' || Buffer.isBuffer(body)) || body.length === 0) {
    throw new CallbackRejection('empty-body', 400, 'empty body');
  }
  const format: CallbackFormat = app.sniffFormat ? sniffFormat(body) : 'xml';
  const token = app.token as string;
  let mode: CallbackMode = 'plain';
  try {
    const envelope = parseInboundBody(body, format, input.maxBytes);
    mode = detectMode(query, envelope);
    const verdict = verifyInbound({
      token,
      query,
      body: envelope,
      mode,
      maxSkewS: input.maxSkewS,
      now: input.now,
    });
    if (!verdict.ok) throw rejectSignature(verdict.reason);
    if (mode !== 'plain' && !app.cipher) {
      throw new CallbackRejection('aes-key-missing', 400, 'encrypted push but no EncodingAESKey');
    }
    const record =
      mode === 'plain'
        ? envelope
        : openInbound({
            cipher: app.cipher!,
            appid: app.appid,
            body: envelope,
            format,
            maxBytes: input.maxBytes,
          });
    return { message: parseMessage(record), mode, format, nonce: verdict.nonce };
  } catch (error) {
    const rejection = rejectInput(error);
    rejection.mode = mode;
    throw rejection;
  }
}

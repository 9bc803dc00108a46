/** @module The HTTP request of one push attempt: signed query and body in the app's message mode. */
import { randomInt } from 'node:crypto';
import { createMsgCipher, signCallback, type MsgCipher } from '../../kernel/crypto/index.js';
import type { EmulatorApp } from '../world/app-book.js';
import { renderPush, type PushFormat } from './render-push.js';
import type { WireRecord } from './send-record.types.js';

export type MsgMode = 'plain' | 'compatible' | 'safe';

/** Everything fixed for one push across its attempts. */
export interface PushChannel {
  readonly app: EmulatorApp;
  readonly token: string;
  readonly mode: MsgMode;
  readonly format: PushFormat;
  readonly cipher?: MsgCipher;
  readonly url: string;
}

export interface PushRequest {
  readonly url: string;
  readonly body: string;
  readonly contentType: string;
}

/** The app's configuration cannot push in its mode (no token, no EncodingAESKey). */
export class PushSetupError extends Error {
  override readonly name = 'PushSetupError';
}

/** The message mode and format the app is configured for, with its cipher when encryption is on. */
export function openPushChannel(app: EmulatorApp, url: string): PushChannel {
  if (app.token === undefined || app.token === '') {
    throw new PushSetupError(`app ${app.appid} has no callback token to sign pushes with`);
  }
  const mode: MsgMode = app.msgMode ?? (app.aesKey ? 'safe' : 'plain');
  // Only Mini Program push can be configured as JSON; Official Accounts always get XML.
  const format: PushFormat = app.type === 'mini-program' ? (app.pushFormat ?? 'xml') : 'xml';
  if (mode === 'plain') return { app, token: app.token, mode, format, url };
  if (!app.aesKey) throw new PushSetupError(`app ${app.appid} is in ${mode} mode but has no aesKey`);
  const cipher = createMsgCipher({ aesKey: app.aesKey, appid: app.appid });
  return { app, token: app.token, mode, format, cipher, url };
}

/** WeChat's timestamps are Unix seconds and its nonces digit strings. */
export function pushNonce(): string {
  return String(randomInt(100_000_000, 2_147_483_647));
}

/** The body for the mode: plain document, plain fields plus Encrypt, or only ToUserName and Encrypt. */
export function encodePushBody(channel: PushChannel, push: WireRecord): { body: string; encrypt?: string } {
  const plain = renderPush(push, channel.format);
  if (!channel.cipher) return { body: plain };
  const encrypt = channel.cipher.encrypt(plain);
  const envelope =
    channel.mode === 'safe'
      ? { ToUserName: push['ToUserName'], Encrypt: encrypt }
      : { ...push, Encrypt: encrypt };
  return { body: renderPush(envelope, channel.format), encrypt };
}

/** One attempt: a fresh timestamp and nonce, `signature` always, `msg_signature` when encrypted. */
export function buildPushRequest(
  channel: PushChannel,
  encoded: { body: string; encrypt?: string },
  openid: string,
  nowMs: number,
): PushRequest {
  const timestamp = String(Math.floor(nowMs / 1000));
  const nonce = pushNonce();
  const url = new URL(channel.url);
  url.searchParams.set('signature', signCallback(channel.token, timestamp, nonce));
  url.searchParams.set('timestamp', timestamp);
  url.searchParams.set('nonce', nonce);
  if (channel.app.type === 'official-account') url.searchParams.set('openid', openid);
  if (encoded.encrypt !== undefined) {
    url.searchParams.set('encrypt_type', 'aes');
    url.searchParams.set('msg_signature', signCallback(channel.token, timestamp, nonce, encoded.encrypt));
  }
  const contentType = channel.format === 'json' ? 'application/json' : 'text/xml';
  return { url: url.toString(), body: encoded.body, contentType };
}

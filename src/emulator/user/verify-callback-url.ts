/** @module WeChat's URL verification: a signed GET with `echostr` that the server must echo unchanged. */
import { randomBytes } from 'node:crypto';
import { request } from 'undici';
import { signCallback } from '../../kernel/crypto/index.js';
import type { EmulatorApp } from '../world/app-book.js';
import { pushNonce, PushSetupError } from './build-push-request.js';

export interface VerifyUrlResult {
  /** True when the server answered HTTP 200 with exactly the echostr. */
  readonly ok: boolean;
  readonly url: string;
  readonly echostr: string;
  readonly status?: number;
  /** The answer's first 200 characters. */
  readonly body?: string;
  readonly error?: string;
  readonly ms: number;
}

export interface VerifyUrlOptions {
  readonly url: string;
  readonly nowMs: number;
  readonly timeoutMs: number;
}

/** echostr values are 19-digit decimal strings, like a 64-bit random number. */
function mintEchostr(): string {
  return (
    (randomBytes(8).readBigUInt64BE() % 9_000_000_000_000_000_000n) +
    1_000_000_000_000_000_000n
  ).toString();
}

/** Performs the verification GET; the plain `signature` is used even when the app encrypts messages. */
export async function verifyCallbackUrl(
  app: EmulatorApp,
  options: VerifyUrlOptions,
): Promise<VerifyUrlResult> {
  if (!app.token) throw new PushSetupError(`app ${app.appid} has no callback token`);
  const timestamp = String(Math.floor(options.nowMs / 1000));
  const nonce = pushNonce();
  const echostr = mintEchostr();
  const url = new URL(options.url);
  url.searchParams.set('signature', signCallback(app.token, timestamp, nonce));
  url.searchParams.set('timestamp', timestamp);
  url.searchParams.set('nonce', nonce);
  url.searchParams.set('echostr', echostr);
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  try {
    const response = await request(url, { method: 'GET', signal: AbortSignal.timeout(options.timeoutMs) });
    const body = await response.body.text();
    const ok = response.statusCode === 200 && body === echostr;
    return { ok, url: options.url, echostr, status: response.statusCode, body: body.slice(0, 200), ms: ms() };
  } catch (error) {
    const err = error as { name?: string; code?: string; message?: string };
    const reason = err.name === 'TimeoutError' ? 'timeout' : (err.code ?? err.message ?? 'connection failed');
    return { ok: false, url: options.url, echostr, error: reason, ms: ms() };
  }
}

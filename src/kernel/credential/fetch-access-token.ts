/** @module The default access_token fetcher: cgi-bin/stable_token or cgi-bin/token, outside the API client. */
import { request, type Dispatcher } from 'undici';
import type { TokenMode } from '../../config/config.types.js';
import { WeChatHttpError } from '../errors/wechat-error.js';
import { decodeResponse } from '../http/decode-response.js';
import type { FetchedCredential, FetchTokenRequest } from './broker.types.js';

export const WECHAT_API_BASE = 'https://api.weixin.qq.com';

export interface AccessTokenFetcherOptions {
  readonly appid: string;
  readonly secret: string;
  readonly mode: TokenMode;
  readonly baseUrl?: string | (() => string);
  readonly timeoutMs?: number;
}

function target(
  options: AccessTokenFetcherOptions,
  forceRefresh: boolean,
): { path: string; url: string; init: Partial<Dispatcher.RequestOptions> } {
  const raw =
    typeof options.baseUrl === 'function' ? options.baseUrl() : (options.baseUrl ?? WECHAT_API_BASE);
  const base = raw.replace(/\/+$/, '');
  if (options.mode === 'classic') {
    const path = '/cgi-bin/token';
    const qs = new URLSearchParams({
      grant_type: 'client_credential',
      appid: options.appid,
      secret: options.secret,
    });
    return { path, url: `${base}${path}?${qs.toString()}`, init: { method: 'GET' } };
  }
  const path = '/cgi-bin/stable_token';
  // stable_token takes JSON only (a form body is rejected).
  const body = JSON.stringify({
    grant_type: 'client_credential',
    appid: options.appid,
    secret: options.secret,
    force_refresh: forceRefresh,
  });
  return {
    path,
    url: `${base}${path}`,
    init: { method: 'POST', body, headers: { 'content-type': 'application/json' } },
  };
}

function toCredential(data: unknown, api: string): FetchedCredential {
  const d = data as { access_token?: unknown; expires_in?: unknown };
  if (
    typeof d.access_token !== 'string' ||
    d.access_token === '' ||
    typeof d.expires_in !== 'number' ||
    d.expires_in <= 0
  ) {
    throw new WeChatHttpError(`${api}: answer has no access_token/expires_in`, api, 200);
  }
  return { token: d.access_token, expiresIn: d.expires_in };
}

/** A fetcher for createAccessTokenBroker; errors are WeChatApiError / WeChatHttpError like the client's. */
export function createAccessTokenFetcher(
  options: AccessTokenFetcherOptions,
  deps: { dispatcher?: Dispatcher } = {},
): (req: FetchTokenRequest) => Promise<FetchedCredential> {
  return async ({ forceRefresh }) => {
    const { path, url, init } = target(options, forceRefresh);
    let status: number;
    let contentType: string | string[] | undefined;
    let body: Buffer;
    try {
      const res = await request(url, {
        ...init,
        dispatcher: deps.dispatcher,
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      } as Dispatcher.RequestOptions);
      status = res.statusCode;
      contentType = res.headers['content-type'];
      body = Buffer.from(await res.body.arrayBuffer());
    } catch (cause) {
      // The URL is left out of the message: the classic one carries the secret.
      throw new WeChatHttpError(`${path}: request failed`, path, undefined, { cause });
    }
    const data = decodeResponse(
      { status, contentType: Array.isArray(contentType) ? contentType[0] : contentType, body },
      path,
    );
    return toCredential(data, path);
  };
}

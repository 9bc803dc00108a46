/** @module createMiniProgram: the Mini Program (小程序) API client, one group per WeChat path family. */
import type { ApiClient, ApiRequest, HttpMethod } from '../../kernel/http/index.js';
import { createMiniProgramAuth, type MiniProgramAuth } from './auth.js';
import { createMiniProgramPhone, type MiniProgramPhone } from './phone.js';
import { createSubscribeMessage, type SubscribeMessage } from './subscribe-message.js';

export interface MiniProgramOptions {
  /** A client on api.weixin.qq.com (or an emulator) whose token broker serves this appid. */
  readonly api: ApiClient;
  readonly appid: string;
  /** AppSecret: `jscode2session` takes it in the query instead of an access_token. */
  readonly secret: string;
}

/** Query, retry and response type of a raw call; the token is injected as for every method. */
export type MiniProgramRequestOptions = Pick<
  ApiRequest,
  'query' | 'retry' | 'responseType' | 'auth' | 'payload'
>;

export interface MiniProgram {
  readonly appid: string;
  /** `/sns/jscode2session` → `auth.code2Session(code)`; never retried (a code is single use). */
  readonly auth: MiniProgramAuth;
  /** `/wxa/business/getuserphonenumber` → `phone.getUserPhoneNumber(code)`; never retried. */
  readonly phone: MiniProgramPhone;
  /** `/cgi-bin/message/subscribe/send` → `message.subscribe.send(body)`; only an outbox retries sends. */
  readonly message: { readonly subscribe: SubscribeMessage };
  /**
   * Any WeChat path nobody wrapped yet, through the same client (token, errcode check, retries):
   * `request('POST', '/wxa/getwxacodeunlimit', { scene: 'a=1' }, { responseType: 'buffer' })`.
   */
  request<T = unknown>(
    method: HttpMethod,
    path: string,
    body?: unknown,
    options?: MiniProgramRequestOptions,
  ): Promise<T>;
}

export function createMiniProgram(options: MiniProgramOptions): MiniProgram {
  const { api, appid, secret } = options;
  return {
    appid,
    auth: createMiniProgramAuth({ appid, secret }, { api }),
    phone: createMiniProgramPhone({ api }),
    message: { subscribe: createSubscribeMessage({ api }) },
    request: (method, path, body, raw) =>
      api.request({ method, path, ...(body !== undefined ? { body } : {}), ...raw }),
  };
}

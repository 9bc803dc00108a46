/** @module createOfficialAccount: the Official Account (公众号) API client, one group per WeChat path family. */
import type { ApiClient, ApiRequest, HttpMethod } from '../../kernel/http/index.js';
import { createMedia, type MediaApi } from './media.js';
import { createMenu, type Menu } from './menu.js';
import { createMessageCustom, type MessageCustom } from './message-custom.js';
import { createMessageTemplate, type MessageTemplate } from './message-template.js';
import { createQrCode, type MpWebBase, type QrCode } from './qrcode.js';
import { createTags, createUserTag, type Tags, type UserTag } from './tags.js';
import { createTemplate, type TemplateApi } from './template.js';
import { createUser, type UserApi } from './user.js';

export interface OfficialAccountDeps {
  readonly api: ApiClient;
  /** Base of QR image URLs (config `hosts.mpWeb`); default `https://mp.weixin.qq.com`. */
  readonly mpWeb?: MpWebBase;
}

/** Query, retry and response type of a raw call; the token is injected as for every method. */
export type RawRequestOptions = Pick<ApiRequest, 'query' | 'retry' | 'responseType' | 'auth' | 'payload'>;

export interface OfficialAccount {
  readonly menu: Menu;
  readonly tags: Tags;
  readonly qrcode: QrCode;
  readonly user: UserApi & { readonly tag: UserTag };
  readonly media: MediaApi;
  readonly template: TemplateApi;
  readonly message: { readonly custom: MessageCustom; readonly template: MessageTemplate };
  /**
   * Any WeChat path nobody wrapped yet, through the same client (token, errcode check, retries):
   * `request('POST', '/cgi-bin/shorturl', { action: 'long2short', long_url })`.
   */
  request<T = unknown>(
    method: HttpMethod,
    path: string,
    body?: unknown,
    options?: RawRequestOptions,
  ): Promise<T>;
}

export function createOfficialAccount(deps: OfficialAccountDeps): OfficialAccount {
  const { api } = deps;
  return {
    menu: createMenu({ api }),
    tags: createTags({ api }),
    qrcode: createQrCode({ api, ...(deps.mpWeb !== undefined ? { mpWeb: deps.mpWeb } : {}) }),
    user: { ...createUser({ api }), tag: createUserTag({ api }) },
    media: createMedia({ api }),
    template: createTemplate({ api }),
    message: { custom: createMessageCustom({ api }), template: createMessageTemplate({ api }) },
    request: (method, path, body, options) =>
      api.request({ method, path, ...(body !== undefined ? { body } : {}), ...options }),
  };
}

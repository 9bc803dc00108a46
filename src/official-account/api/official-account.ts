/** @module createOfficialAccount: the Official Account (公众号) API client, one group per WeChat path family. */
import type { ApiClient, HttpMethod } from '../../kernel/http/index.js';
import { createMenu, type Menu } from './menu.js';
import { createMessageCustom, type MessageCustom } from './message-custom.js';
import { createMessageTemplate, type MessageTemplate } from './message-template.js';
import { createQrCode, type MpWebBase, type QrCode } from './qrcode.js';
import { createTags, createUserTag, type Tags, type UserTag } from './tags.js';

export interface OfficialAccountDeps {
  readonly api: ApiClient;
  /** Base of QR image URLs (config `hosts.mpWeb`); default `https://mp.weixin.qq.com`. */
  readonly mpWeb?: MpWebBase;
}

export interface OfficialAccount {
  readonly menu: Menu;
  readonly tags: Tags;
  readonly qrcode: QrCode;
  readonly user: { readonly tag: UserTag };
  readonly message: { readonly custom: MessageCustom; readonly template: MessageTemplate };
  /** Any endpoint nobody wrapped yet, through the same token, errcode and retry handling. */
  request<T = unknown>(method: HttpMethod, path: string, body?: unknown): Promise<T>;
}

export function createOfficialAccount(deps: OfficialAccountDeps): OfficialAccount {
  const { api } = deps;
  return {
    menu: createMenu({ api }),
    tags: createTags({ api }),
    qrcode: createQrCode({ api, ...(deps.mpWeb !== undefined ? { mpWeb: deps.mpWeb } : {}) }),
    user: { tag: createUserTag({ api }) },
    message: { custom: createMessageCustom({ api }), template: createMessageTemplate({ api }) },
    request: (method, path, body) => api.request({ method, path, ...(body !== undefined ? { body } : {}) }),
  };
}

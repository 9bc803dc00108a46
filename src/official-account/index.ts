/** @module The Official Account (公众号) API client: menus, tags, QR codes, users, media, messages, templates, web authorization. */
export {
  createOfficialAccount,
  type OfficialAccount,
  type OfficialAccountDeps,
  type RawRequestOptions,
} from './api/official-account.js';
export { createUser, type UserApi, type UserInfoApi } from './api/user.js';
export type * from './api/user.types.js';
export {
  createMedia,
  type MediaApi,
  type MediaFile,
  type MediaType,
  type MediaUploadResult,
  type VideoMedia,
} from './api/media.js';
export { createTemplate, type PrivateTemplate, type TemplateApi } from './api/template.js';
export { createMenu, type Menu } from './api/menu.js';
export type * from './api/menu.types.js';
export { createTags, createUserTag, type Tags, type UserTag } from './api/tags.js';
export type * from './api/tags.types.js';
export { createQrCode, DEFAULT_MP_WEB_BASE, type MpWebBase, type QrCode } from './api/qrcode.js';
export type * from './api/qrcode.types.js';
export {
  createMessageCustom,
  type CustomMessage,
  type CustomSendBody,
  type MessageCustom,
  type WeChatResult,
} from './api/message-custom.js';
export {
  createMessageTemplate,
  type MessageTemplate,
  type TemplateSendBody,
  type TemplateSendResult,
} from './api/message-template.js';
export { createOfficialAccountOAuth, type OAuthOptions, type OfficialAccountOAuth } from './api/oauth.js';
export type * from './api/oauth.types.js';
export type * from './session/web-identity-tables.js';

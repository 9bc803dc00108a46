/** @module The Official Account (公众号) API client: menus, tags, QR codes, messages, web authorization. */
export {
  createOfficialAccount,
  type OfficialAccount,
  type OfficialAccountDeps,
} from './api/official-account.js';
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

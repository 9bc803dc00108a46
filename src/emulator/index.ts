/** @module The WeChat emulator: a local, protocol-faithful api.weixin.qq.com with a control API. */
export { buildEmulatorApp, redactUrl, type BuildEmulatorAppOptions } from './build-emulator-app.js';
export {
  createEmulatorHarness,
  type EmulatorHarness,
  type HarnessOptions,
  type HarnessResponse,
} from './create-emulator-harness.js';
export { startEmulator, type RunningEmulator, type StartEmulatorOptions } from './cli-entry.js';
export {
  emulatorAppFromConfig,
  seedFromConfig,
  seedMerchant,
  type EmulatorSeedConfig,
} from './seed-from-config.js';
export { WX_ERRMSG, WxErrcode, type WxErrcodeValue } from './errcodes.js';
export { emulatorPlugin, type EmulatorPluginOptions } from './plugin.js';
export { identifyByAccessToken } from './pipeline/access-token-guard.js';
export { registerWeChatRoute } from './pipeline/register-wechat-route.js';
export {
  defineWeChatRoute,
  type CallInput,
  type Identity,
  type WeChatCall,
  type WeChatRoute,
  type WxBody,
} from './pipeline/wechat-route.js';
export { WECHAT_ROUTES } from './routes/index.js';
export type { EmulatorApp, EmulatorAppType, EmulatorAppView, AppBook } from './world/app-book.js';
export { shanghaiDay, nextShanghaiMidnight, type EmulatorClock, type TimeSource } from './world/clock.js';
export type { Fault, FaultBook, FaultKind, FaultPhase, FaultSpec } from './world/fault-book.js';
export {
  DEFAULT_DAILY_LIMITS,
  type QuotaBook,
  type QuotaOptions,
  type QuotaUsage,
} from './world/quota-book.js';
export type {
  AppStats,
  CallStats,
  PushStats,
  StatsBook,
  StatsSnapshot,
  TokenKind,
} from './world/stats-book.js';
export type { IssuedTicket, TicketBook, TicketType } from './world/ticket-book.js';
export type { IssuedToken, TokenResolution, TokenBook } from './world/token-book.js';
export { createWorld, type PushSettings, type World, type WorldOptions } from './world/world.js';
export type {
  CloudStorageOptions,
  CloudStorageBook,
  StoredFile,
  UploadTicket,
} from './cloud-storage/cloud-storage-book.js';
export type {
  CloudFunctionBook,
  CloudFunctionContext,
  CloudFunctionHandler,
} from './cloud-functions/cloud-function-book.js';
export { buildPush, PushInputError, type PushMessageInput } from './user/build-push.js';
export { PushSetupError } from './user/build-push-request.js';
export { renderPushJson, renderPushXml } from './user/render-push.js';
export { readReply, WECHAT_SERVICE_ERROR, type ReplyReading } from './user/read-reply.js';
export { sendAsUser, type SendAsUserInput, type StartedSend } from './user/simulate-user.js';
export { verifyCallbackUrl, type VerifyUrlResult } from './user/verify-callback-url.js';
export type { UserBook } from './followers/user-book.js';
export type { FollowerState } from './followers/follower-state.types.js';
export type { InboxEntry, PushDelivery, SendOutcome, SendRecord } from './user/send-record.types.js';
export { wxError, type WxErrorBody } from './wx-error.js';

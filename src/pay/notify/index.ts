/** @module Pay notify: the verified, decrypted, idempotently applied WeChat Pay notification. */
export {
  handlePayNotification,
  type HandleNotificationDeps,
  type NotifyAnswer,
} from './handle-pay-notification.js';

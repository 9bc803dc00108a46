/** @module POST /cgi-bin/message/custom/send — customer-service message (客服消息), within 48 h only. */
import { MsgErrcode, msgError } from '../../../../messaging/messaging-errcodes.js';
import { fieldsOf, stringField, recipientOf } from '../../../../messaging/check-message.js';
import { checkCustomMedia } from '../../../../messaging/check-custom-media.js';
import { defineWeChatRoute } from '../../../../pipeline/wechat-route.js';

/** WeChat: customer-service messages may be sent for 48 hours after the user last interacted. */
export const REPLY_WINDOW_MS = 48 * 3600_000;
const TYPES = new Set([
  'text',
  'image',
  'voice',
  'video',
  'music',
  'news',
  'mpnews',
  'msgmenu',
  'miniprogrampage',
]);

export const cgiBinMessageCustomSend = defineWeChatRoute({
  method: 'POST',
  path: '/cgi-bin/message/custom/send',
  identify: 'access_token',
  handle: ({ world, appid, body }) => {
    if (!world.messaging.admitBurst(appid, '/cgi-bin/message/custom/send'))
      return msgError(MsgErrcode.TooFrequent);
    const fields = fieldsOf(body);
    const recipient = recipientOf(world, appid, fields);
    if ('error' in recipient) return recipient.error;
    const { touser, user } = recipient;
    const msgtype = stringField(fields, 'msgtype');
    if (msgtype === undefined || !TYPES.has(msgtype) || typeof fields[msgtype] !== 'object') {
      return msgError(MsgErrcode.InvalidMessageType);
    }
    const last = user.lastInteractionAt;
    if (last === undefined || world.now() - last > REPLY_WINDOW_MS)
      return msgError(MsgErrcode.ReplyWindowExpired);
    const badMedia = checkCustomMedia(world, appid, msgtype, fields[msgtype]);
    if (badMedia) return badMedia;
    world.users.deliver(appid, touser, { msgtype, [msgtype]: fields[msgtype] }, 'custom');
    return { errcode: 0, errmsg: 'ok' };
  },
});

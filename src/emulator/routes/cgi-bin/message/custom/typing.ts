/** @module POST /cgi-bin/message/custom/typing — shows or hides "typing…" (客服输入状态), within 48 h only. */
import { WxErrcode } from '../../../../errcodes.js';
import { fieldsOf, stringField, recipientOf } from '../../../../messaging/check-message.js';
import { MsgErrcode, msgError } from '../../../../messaging/messaging-errcodes.js';
import { defineWeChatRoute } from '../../../../pipeline/wechat-route.js';
import { wxError } from '../../../../wx-error.js';
import { REPLY_WINDOW_MS } from './send.js';

const COMMANDS = new Set(['Typing', 'CancelTyping']);

export const cgiBinMessageCustomTyping = defineWeChatRoute({
  method: 'POST',
  path: '/cgi-bin/message/custom/typing',
  identify: 'access_token',
  handle: ({ world, appid, body }) => {
    const fields = fieldsOf(body);
    const recipient = recipientOf(world, appid, fields);
    if ('error' in recipient) return recipient.error;
    const { touser, user } = recipient;
    const command = stringField(fields, 'command');
    if (command === undefined || !COMMANDS.has(command)) return wxError(WxErrcode.InvalidArgs);
    // The same 48-hour window as customer-service messages.
    const last = user.lastInteractionAt;
    if (last === undefined || world.now() - last > REPLY_WINDOW_MS)
      return msgError(MsgErrcode.ReplyWindowExpired);
    world.users.annotate(appid, touser, {
      typing: { command: command as 'Typing' | 'CancelTyping', at: world.now() },
    });
    return { errcode: 0, errmsg: 'ok' };
  },
});

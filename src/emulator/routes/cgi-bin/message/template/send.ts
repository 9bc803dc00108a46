/** @module POST /cgi-bin/message/template/send — template message (模板消息) with client_msg_id dedupe. */
import { MsgErrcode, msgError } from '../../../../messaging/messaging-errcodes.js';
import {
  checkTemplateData,
  fieldsOf,
  stringField,
  recipientOf,
} from '../../../../messaging/check-message.js';
import { defineWeChatRoute } from '../../../../pipeline/wechat-route.js';

export const cgiBinMessageTemplateSend = defineWeChatRoute({
  method: 'POST',
  path: '/cgi-bin/message/template/send',
  identify: 'access_token',
  handle: ({ world, appid, body }) => {
    const fields = fieldsOf(body);
    const recipient = recipientOf(world, appid, fields);
    if ('error' in recipient) return recipient.error;
    const { touser, user } = recipient;
    const clientMsgId = stringField(fields, 'client_msg_id');
    // WeChat: the same openid + client_msg_id within 10 minutes is answered ok and not sent again.
    const seen =
      clientMsgId === undefined ? undefined : world.messaging.recentClientMsg(appid, touser, clientMsgId);
    if (seen !== undefined) {
      world.stats.recordDedupe(appid, '/cgi-bin/message/template/send');
      return { errcode: 0, errmsg: 'ok', msgid: seen };
    }
    if (!world.messaging.admitBurst(appid, '/cgi-bin/message/template/send'))
      return msgError(MsgErrcode.TooFrequent);
    if (!user.following) return msgError(MsgErrcode.RequireSubscribe);
    const templateId = stringField(fields, 'template_id');
    const template = templateId === undefined ? undefined : world.messaging.template(appid, templateId);
    if (!template) return msgError(MsgErrcode.InvalidTemplateId);
    const invalid = checkTemplateData(template, fields['data']);
    if (invalid) return invalid;
    const msgid = world.messaging.nextMsgid();
    if (clientMsgId !== undefined) world.messaging.rememberClientMsg(appid, touser, clientMsgId, msgid);
    const message = {
      template_id: template.templateId,
      data: fields['data'],
      msgid,
      client_msg_id: clientMsgId ?? null,
    };
    world.users.deliver(
      appid,
      touser,
      { ...message, ...(fields['url'] ? { url: fields['url'] } : {}) },
      'template',
    );
    return { errcode: 0, errmsg: 'ok', msgid };
  },
});

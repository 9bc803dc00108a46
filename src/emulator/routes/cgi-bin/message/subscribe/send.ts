/** @module POST /cgi-bin/message/subscribe/send — Mini Program subscribe message (订阅消息), one per consent. */
import { MsgErrcode, msgError } from '../../../../messaging/messaging-errcodes.js';
import { checkTemplateData, fieldsOf, stringField } from '../../../../messaging/check-message.js';
import { defineWeChatRoute } from '../../../../pipeline/wechat-route.js';

export const cgiBinMessageSubscribeSend = defineWeChatRoute({
  method: 'POST',
  path: '/cgi-bin/message/subscribe/send',
  identify: 'access_token',
  handle: ({ world, appid, body }) => {
    if (!world.messaging.admitBurst(appid, '/cgi-bin/message/subscribe/send'))
      return msgError(MsgErrcode.TooFrequent);
    const fields = fieldsOf(body);
    const touser = stringField(fields, 'touser');
    if (touser === undefined) return msgError(MsgErrcode.InvalidOpenid);
    const templateId = stringField(fields, 'template_id');
    const template = templateId === undefined ? undefined : world.messaging.template(appid, templateId);
    if (!template) return msgError(MsgErrcode.InvalidTemplateId);
    const invalid = checkTemplateData(template, fields['data']);
    if (invalid) return invalid;
    // A one-time subscription covers exactly one message; a refusal or a used consent answers 43101.
    if (!world.messaging.takeSubscription(appid, touser, template.templateId))
      return msgError(MsgErrcode.UserRefused);
    const msgid = world.messaging.nextMsgid();
    const page = stringField(fields, 'page');
    world.users.deliver(
      appid,
      touser,
      { template_id: template.templateId, data: fields['data'], msgid, ...(page ? { page } : {}) },
      'subscribe',
    );
    return { errcode: 0, errmsg: 'ok', msgid };
  },
});

/** @module POST /cgi-bin/template/del_private_template — removes a template from the account (删除模板). */
import { fieldsOf, stringField } from '../../../messaging/check-message.js';
import { MsgErrcode, msgError } from '../../../messaging/messaging-errcodes.js';
import { defineWeChatRoute } from '../../../pipeline/wechat-route.js';

export const cgiBinTemplateDelPrivateTemplate = defineWeChatRoute({
  method: 'POST',
  path: '/cgi-bin/template/del_private_template',
  identify: 'access_token',
  handle: ({ world, appid, body }) => {
    const templateId = stringField(fieldsOf(body), 'template_id');
    if (templateId === undefined || !world.messaging.deleteTemplate(appid, templateId))
      return msgError(MsgErrcode.InvalidTemplateId);
    return { errcode: 0, errmsg: 'ok' };
  },
});

/** @module GET /cgi-bin/template/get_all_private_template — the account's templates (获取模板列表). */
import { templateView } from '../../../messaging/template-view.js';
import { defineWeChatRoute } from '../../../pipeline/wechat-route.js';

export const cgiBinTemplateGetAllPrivateTemplate = defineWeChatRoute({
  method: 'GET',
  path: '/cgi-bin/template/get_all_private_template',
  identify: 'access_token',
  handle: ({ world, appid }) => ({ template_list: world.messaging.templates(appid).map(templateView) }),
});

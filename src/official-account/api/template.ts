/** @module officialAccount.template: the account's template list (模板消息 · 模板管理). */
import type { ApiClient } from '../../kernel/http/index.js';
import type { WeChatResult } from './message-custom.js';

export interface PrivateTemplate {
  readonly template_id: string;
  readonly title: string;
  readonly primary_industry: string;
  readonly deputy_industry: string;
  /** The text with `{{key.DATA}}` placeholders. */
  readonly content: string;
  readonly example: string;
}

export interface TemplateApi {
  /**
   * The templates added to the account (获取模板列表). `GET /cgi-bin/template/get_all_private_template`.
   * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html
   */
  getAllPrivateTemplate(): Promise<{ readonly template_list: readonly PrivateTemplate[] }>;
  /**
   * Removes a template from the account (删除模板). `POST /cgi-bin/template/del_private_template`.
   * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html
   */
  delPrivateTemplate(templateId: string): Promise<WeChatResult>;
}

export function createTemplate(deps: { api: ApiClient }): TemplateApi {
  return {
    getAllPrivateTemplate: () => deps.api.get('/cgi-bin/template/get_all_private_template'),
    delPrivateTemplate: (templateId) =>
      deps.api.post<WeChatResult>('/cgi-bin/template/del_private_template', { template_id: templateId }),
  };
}

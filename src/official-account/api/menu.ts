/** @module officialAccount.menu: custom menus (自定义菜单) and conditional menus (个性化菜单). */
import type { ApiClient } from '../../kernel/http/index.js';
import type { WeChatResult } from './message-custom.js';
import type { ConditionalMenuBody, MenuButton, MenuCreateBody, MenuGetResult } from './menu.types.js';

export interface Menu {
  /**
   * Creates (replaces) the default menu. `POST /cgi-bin/menu/create` — Custom menu (自定义菜单).
   * @see https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Creating_Custom-Defined_Menu.html
   */
  create(body: MenuCreateBody): Promise<WeChatResult>;
  /**
   * The default menu and the conditional menus (46003 when there is none). `GET /cgi-bin/menu/get`.
   * @see https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Querying_Custom_Menus.html
   */
  get(): Promise<MenuGetResult>;
  /**
   * Deletes every menu, conditional ones included. `GET /cgi-bin/menu/delete`.
   * @see https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Deleting_Custom-Defined_Menu.html
   */
  delete(): Promise<WeChatResult>;
  /**
   * Adds a conditional menu (个性化菜单); needs a default menu (65303). `POST /cgi-bin/menu/addconditional`.
   * @see https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Personalized_menu_interface.html
   */
  addConditional(body: ConditionalMenuBody): Promise<{ menuid: string }>;
  /**
   * Deletes one conditional menu. `POST /cgi-bin/menu/delconditional`.
   * @see https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Personalized_menu_interface.html
   */
  delConditional(body: { menuid: string | number }): Promise<WeChatResult>;
  /**
   * The menu a follower sees (`user_id` = openid). `POST /cgi-bin/menu/trymatch`.
   * @see https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Personalized_menu_interface.html
   */
  tryMatch(body: { user_id: string }): Promise<{ button: MenuButton[] }>;
}

export function createMenu(deps: { api: ApiClient }): Menu {
  const { api } = deps;
  return {
    create: (body) => api.post<WeChatResult>('/cgi-bin/menu/create', body),
    get: () => api.get<MenuGetResult>('/cgi-bin/menu/get'),
    delete: () => api.get<WeChatResult>('/cgi-bin/menu/delete'),
    addConditional: (body) => api.post<{ menuid: string }>('/cgi-bin/menu/addconditional', body),
    delConditional: (body) => api.post<WeChatResult>('/cgi-bin/menu/delconditional', body),
    tryMatch: (body) => api.post<{ button: MenuButton[] }>('/cgi-bin/menu/trymatch', body, { retry: true }),
  };
}

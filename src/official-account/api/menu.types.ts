/** @module Wire types of the custom menu APIs (自定义菜单), WeChat's field names. */

export type MenuButtonType =
  | 'click'
  | 'view'
  | 'miniprogram'
  | 'scancode_push'
  | 'scancode_waitmsg'
  | 'pic_sysphoto'
  | 'pic_photo_or_album'
  | 'pic_weixin'
  | 'location_select'
  | 'media_id'
  | 'article_id'
  | 'article_view_limited';

/** A button: `name` ≤ 16 bytes on top, ≤ 60 bytes below; a top button with `sub_button` (≤ 5) is a folder. */
export interface MenuButton {
  type?: MenuButtonType;
  name: string;
  /** Click-like types: pushed as the event's EventKey (≤ 128 bytes). */
  key?: string;
  /** view and miniprogram (≤ 1024 bytes). */
  url?: string;
  media_id?: string;
  appid?: string;
  pagepath?: string;
  article_id?: string;
  sub_button?: MenuButton[];
}

export interface MenuCreateBody {
  /** 1 to 3 top-level buttons. */
  button: MenuButton[];
}

/** What a conditional menu matches on; WeChat refuses rules on sex, region or language (65320). */
export interface MenuMatchRule {
  tag_id?: string;
  /** 1 iOS, 2 Android, 3 other. */
  client_platform_type?: string;
}

export interface ConditionalMenuBody extends MenuCreateBody {
  matchrule: MenuMatchRule;
}

export interface MenuGetResult {
  menu: { button: MenuButton[]; menuid?: number };
  conditionalmenu?: { button: MenuButton[]; matchrule: MenuMatchRule; menuid: number }[];
}

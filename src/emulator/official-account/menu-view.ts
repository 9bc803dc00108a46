/** @module Menus as WeChat answers them: every button with a `sub_button` array, conditional menus beside. */
import type { StoredButton } from './check-menu.js';
import type { AppMenus } from './menu-book.js';

export type WireButton = Record<string, unknown>;

/** WeChat adds `"sub_button": []` to every leaf when it answers a menu. */
export function viewButtons(buttons: readonly StoredButton[]): WireButton[] {
  return buttons.map((button) =>
    button.sub_button
      ? { name: button.name, sub_button: viewButtons(button.sub_button) }
      : { ...button, sub_button: [] },
  );
}

/** The body of `menu/get`: `menuid` and `conditionalmenu` appear once conditional menus exist. */
export function viewMenus(menus: AppMenus): Record<string, unknown> {
  const hasConditional = menus.conditional.length > 0;
  return {
    menu: { button: viewButtons(menus.button), ...(hasConditional ? { menuid: menus.menuid } : {}) },
    ...(hasConditional
      ? {
          conditionalmenu: menus.conditional.map((menu) => ({
            button: viewButtons(menu.button),
            matchrule: { ...menu.matchrule },
            menuid: menu.menuid,
          })),
        }
      : {}),
  };
}

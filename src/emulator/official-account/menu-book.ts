/** @module The emulated custom menus (自定义菜单) of each Official Account: the default menu and conditional ones. */
import type { StoredButton } from './check-menu.js';

/** The fields of a matchrule the emulator matches on; WeChat answers them as strings. */
export interface MatchRule {
  readonly tag_id?: string;
  readonly client_platform_type?: string;
}

/**
 * Conditional menus an account may hold at once; one more is refused with 65305. WeChat does not publish
 * the figure, so this is the emulator's own choice.
 */
export const MAX_CONDITIONAL_MENUS = 20;

export interface ConditionalMenu {
  readonly menuid: number;
  readonly button: readonly StoredButton[];
  readonly matchrule: MatchRule;
}

export interface AppMenus {
  readonly menuid: number;
  readonly button: readonly StoredButton[];
  /** Oldest first; matching goes newest first. */
  readonly conditional: readonly ConditionalMenu[];
}

/** Who is looking at the menu: their tags (in tagging order) and client platform (1 iOS, 2 Android, 3 other). */
export interface MenuViewer {
  readonly tagIds: readonly number[];
  readonly platform?: string;
}

export interface MatchedMenu {
  readonly button: readonly StoredButton[];
  /** Set when a conditional menu matched. */
  readonly menuid?: number;
}

export interface MenuBook {
  /** Replaces the default menu; conditional menus stay. */
  create(appid: string, button: readonly StoredButton[]): void;
  get(appid: string): AppMenus | undefined;
  /** Deletes the default menu and every conditional one. */
  remove(appid: string): void;
  /** The new menuid, or undefined when there is no default menu (WeChat's 65303). */
  addConditional(appid: string, button: readonly StoredButton[], matchrule: MatchRule): number | undefined;
  delConditional(appid: string, menuid: number): boolean;
  /** The menu `viewer` sees: the newest matching conditional menu, else the default one. */
  match(appid: string, viewer: MenuViewer): MatchedMenu | undefined;
  reset(): void;
}

/**
 * WeChat matches a tag rule against the tag the user got last when they have several, and every field a
 * rule sets must match.
 */
export function ruleMatches(rule: MatchRule, viewer: MenuViewer): boolean {
  const lastTag = viewer.tagIds.at(-1);
  if (rule.tag_id !== undefined && String(lastTag) !== rule.tag_id) return false;
  if (rule.client_platform_type !== undefined && viewer.platform !== rule.client_platform_type) return false;
  return true;
}

export function createMenuBook(): MenuBook {
  const menus = new Map<string, AppMenus>();
  // Menu ids look like WeChat's nine-digit ones.
  let nextId = 208_379_533;
  return {
    create: (appid, button) => {
      const current = menus.get(appid);
      menus.set(appid, { menuid: nextId++, button, conditional: current?.conditional ?? [] });
    },
    get: (appid) => menus.get(appid),
    remove: (appid) => menus.delete(appid),
    addConditional: (appid, button, matchrule) => {
      const current = menus.get(appid);
      if (!current) return undefined;
      const menuid = nextId++;
      menus.set(appid, { ...current, conditional: [...current.conditional, { menuid, button, matchrule }] });
      return menuid;
    },
    delConditional: (appid, menuid) => {
      const current = menus.get(appid);
      const kept = current?.conditional.filter((menu) => menu.menuid !== menuid);
      if (!current || !kept || kept.length === current.conditional.length) return false;
      menus.set(appid, { ...current, conditional: kept });
      return true;
    },
    match: (appid, viewer) => {
      const current = menus.get(appid);
      if (!current) return undefined;
      const hit = [...current.conditional].reverse().find((menu) => ruleMatches(menu.matchrule, viewer));
      return hit ? { button: hit.button, menuid: hit.menuid } : { button: current.button };
    },
    reset: () => menus.clear(),
  };
}

/** The button `find` selects anywhere in `buttons` (sub buttons included). */
export function findButton(
  buttons: readonly StoredButton[],
  find: (button: StoredButton) => boolean,
): StoredButton | undefined {
  for (const button of buttons) {
    const hit = button.sub_button ? findButton(button.sub_button, find) : find(button) ? button : undefined;
    if (hit) return hit;
  }
  return undefined;
}

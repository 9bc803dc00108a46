/** @module The emulated user tags (用户标签) of each Official Account and which followers carry them. */
import { OaErrcode } from './oa-errcodes.js';

export interface TagView {
  readonly id: number;
  readonly name: string;
  /** Followers carrying the tag. */
  readonly count: number;
}

export interface TagBook {
  /** The new tag, or 45157 (name taken) / 45056 (100 tags already). */
  create(appid: string, name: string): { id: number; name: string } | number;
  list(appid: string): TagView[];
  has(appid: string, id: number): boolean;
  /** 0, or 45159 (no such tag) / 45157 (name taken by another tag). */
  rename(appid: string, id: number, name: string): number;
  /** Deletes the tag and takes it off every follower; false when there is no such tag. */
  remove(appid: string, id: number): boolean;
  /** Tags every openid, or none: 45059 when one would carry more than 20 tags. */
  tag(appid: string, id: number, openids: readonly string[]): number;
  untag(appid: string, id: number, openids: readonly string[]): void;
  /** The follower's tag ids in the order they were given (the last one decides conditional menus). */
  tagsOf(appid: string, openid: string): number[];
  /** Openids carrying the tag, in a stable order (for `user/tag/get` paging). */
  members(appid: string, id: number): string[];
  reset(): void;
}

/** WeChat: at most 100 tags per account and 20 per follower; ids 0, 1 and 2 are the system's. */
export const TAG_LIMITS = { perApp: 100, perUser: 20, firstId: 100 } as const;

interface AppTags {
  readonly names: Map<number, string>;
  readonly byUser: Map<string, number[]>;
  nextId: number;
}

const nameTaken = (tags: AppTags, name: string, except?: number) =>
  [...tags.names].some(([id, taken]) => taken === name && id !== except);
const membersOf = (tags: AppTags, id: number) =>
  [...tags.byUser].filter(([, ids]) => ids.includes(id)).map(([openid]) => openid);

function createTag(tags: AppTags, name: string): { id: number; name: string } | number {
  if (nameTaken(tags, name)) return OaErrcode.InvalidTagName;
  if (tags.names.size >= TAG_LIMITS.perApp) return OaErrcode.TooManyTags;
  const id = tags.nextId++;
  tags.names.set(id, name);
  return { id, name };
}

function renameTag(tags: AppTags, id: number, name: string): number {
  if (!tags.names.has(id)) return OaErrcode.InvalidTagId;
  if (nameTaken(tags, name, id)) return OaErrcode.InvalidTagName;
  tags.names.set(id, name);
  return 0;
}

function removeTag(tags: AppTags, id: number): boolean {
  if (!tags.names.delete(id)) return false;
  for (const [openid, ids] of tags.byUser)
    tags.byUser.set(
      openid,
      ids.filter((t) => t !== id),
    );
  return true;
}

function tagUsers(tags: AppTags, id: number, openids: readonly string[]): number {
  const adding = [...new Set(openids)].filter((openid) => !(tags.byUser.get(openid) ?? []).includes(id));
  if (adding.some((openid) => (tags.byUser.get(openid) ?? []).length >= TAG_LIMITS.perUser)) {
    return OaErrcode.TooManyTagsOnUser;
  }
  for (const openid of adding) tags.byUser.set(openid, [...(tags.byUser.get(openid) ?? []), id]);
  return 0;
}

function untagUsers(tags: AppTags, id: number, openids: readonly string[]): void {
  for (const openid of openids) {
    const ids = tags.byUser.get(openid);
    if (ids)
      tags.byUser.set(
        openid,
        ids.filter((t) => t !== id),
      );
  }
}

export function createTagBook(): TagBook {
  const apps = new Map<string, AppTags>();
  const appTags = (appid: string): AppTags => {
    let tags = apps.get(appid);
    if (!tags) {
      tags = { names: new Map(), byUser: new Map(), nextId: TAG_LIMITS.firstId };
      apps.set(appid, tags);
    }
    return tags;
  };
  return {
    create: (appid, name) => createTag(appTags(appid), name),
    list: (appid) => {
      const tags = appTags(appid);
      return [...tags.names].map(([id, name]) => ({ id, name, count: membersOf(tags, id).length }));
    },
    has: (appid, id) => appTags(appid).names.has(id),
    rename: (appid, id, name) => renameTag(appTags(appid), id, name),
    remove: (appid, id) => removeTag(appTags(appid), id),
    tag: (appid, id, openids) => tagUsers(appTags(appid), id, openids),
    untag: (appid, id, openids) => untagUsers(appTags(appid), id, openids),
    tagsOf: (appid, openid) => [...(apps.get(appid)?.byUser.get(openid) ?? [])],
    members: (appid, id) => membersOf(appTags(appid), id),
    reset: () => apps.clear(),
  };
}

/** @module Checks shared by the emulated tag routes: names, reserved ids, openid lists. */
import type { World } from '../world/world.js';
import type { WxErrorBody } from '../wx-error.js';
import { fieldsOf } from '../messaging/check-message.js';
import { byteLength, OaErrcode, oaError } from './oa-errcodes.js';

const NAME_BYTES = 30;
const MAX_OPENIDS = 50;
/** Ids 0, 1 and 2 are WeChat's own tags: they cannot be renamed, deleted or given by the API. */
export const RESERVED_TAG_MAX = 2;

/** The `tag` object of a tags/* body. */
export const tagOf = (body: unknown) => fieldsOf(fieldsOf(body)['tag']);

/** An integer tag id, or undefined. */
export function tagIdOf(value: unknown): number | undefined {
  const id = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof id === 'number' && Number.isInteger(id) && id >= 0 ? id : undefined;
}

/** 45157 for a missing name, 45158 beyond 30 bytes. */
export function checkTagName(name: unknown): WxErrorBody | undefined {
  if (typeof name !== 'string' || name.trim() === '') return oaError(OaErrcode.InvalidTagName);
  if (byteLength(name) > NAME_BYTES) return oaError(OaErrcode.TagNameTooLong);
  return undefined;
}

/** The body of batchtagging/batchuntagging: 40032 for a bad list, 45159 for a bad tag, 40003 for a stranger. */
export function checkMembers(
  world: World,
  appid: string,
  body: unknown,
): { tagid: number; openids: string[]; error?: undefined } | { error: WxErrorBody } {
  const fields = fieldsOf(body);
  const list = fields['openid_list'];
  if (!Array.isArray(list) || list.length === 0 || list.length > MAX_OPENIDS) {
    return { error: oaError(OaErrcode.InvalidOpenidListSize) };
  }
  const tagid = tagIdOf(fields['tagid']);
  if (tagid === undefined || tagid <= RESERVED_TAG_MAX || !world.tags.has(appid, tagid)) {
    return { error: oaError(OaErrcode.InvalidTagId) };
  }
  const stranger = list.find(
    (openid) => typeof openid !== 'string' || !world.users.user(appid, openid)?.following,
  );
  if (stranger !== undefined) return { error: oaError(OaErrcode.InvalidOpenid, String(stranger)) };
  return { tagid, openids: list as string[] };
}

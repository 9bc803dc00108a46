/** @module Checks shared by the emulated message routes: the body's shape and template data. */
import type { FollowerState } from '../followers/follower-state.types.js';
import type { World } from '../world/world.js';
import type { WxErrorBody } from '../wx-error.js';
import { MsgErrcode, msgError } from './messaging-errcodes.js';
import type { TemplateDef } from './messaging-book.js';

export type Fields = Record<string, unknown>;

export function fieldsOf(body: unknown): Fields {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Fields) : {};
}

export function stringField(body: Fields, name: string): string | undefined {
  const value = body[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Every template key needs `{value: string}`; 47003 names the first missing or malformed one. */
export function checkTemplateData(template: TemplateDef, data: unknown): WxErrorBody | undefined {
  const fields = fieldsOf(data);
  for (const name of template.keys) {
    const entry = fieldsOf(fields[name]);
    if (typeof entry['value'] !== 'string' || entry['value'] === '') {
      return msgError(MsgErrcode.ArgumentInvalid, `data.${name}.value invalid`);
    }
  }
  return undefined;
}

/** The `touser` of a send and its simulated user, or WeChat's 40003 when there is no such user. */
export function recipientOf(
  world: World,
  appid: string,
  fields: Fields,
): { touser: string; user: FollowerState } | { error: WxErrorBody } {
  const touser = stringField(fields, 'touser');
  const user = touser === undefined ? undefined : world.users.user(appid, touser);
  return touser === undefined || !user ? { error: msgError(MsgErrcode.InvalidOpenid) } : { touser, user };
}

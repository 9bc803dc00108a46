/** @module Field lists of every typed message and event, and readers that check their shape. */
import { ParseError } from '../kernel/errors/index.js';
import type { CallbackRecord, CallbackValue } from './callback-record.types.js';

/** Text fields a type must carry, and those it may carry. */
export interface FieldSpec {
  readonly required: readonly string[];
  readonly optional?: readonly string[];
}

export const USER_MESSAGE_FIELDS: Readonly<Record<string, FieldSpec>> = {
  text: { required: ['MsgId', 'Content'] },
  image: { required: ['MsgId', 'PicUrl', 'MediaId'] },
  voice: { required: ['MsgId', 'MediaId', 'Format'], optional: ['Recognition'] },
  video: { required: ['MsgId', 'MediaId', 'ThumbMediaId'] },
  shortvideo: { required: ['MsgId', 'MediaId', 'ThumbMediaId'] },
  location: { required: ['MsgId', 'Location_X', 'Location_Y', 'Scale', 'Label'] },
  link: { required: ['MsgId', 'Title', 'Description', 'Url'] },
};

const MENU_KEY: FieldSpec = { required: ['EventKey'] };
const NONE: FieldSpec = { required: [] };

export const EVENT_FIELDS: Readonly<Record<string, FieldSpec>> = {
  subscribe: { required: [], optional: ['EventKey', 'Ticket'] },
  unsubscribe: { required: [], optional: ['EventKey'] },
  SCAN: { required: ['EventKey'], optional: ['Ticket'] },
  LOCATION: { required: ['Latitude', 'Longitude', 'Precision'] },
  CLICK: MENU_KEY,
  VIEW: { required: ['EventKey'], optional: ['MenuId'] },
  scancode_push: MENU_KEY,
  scancode_waitmsg: MENU_KEY,
  pic_sysphoto: MENU_KEY,
  pic_photo_or_album: MENU_KEY,
  pic_weixin: MENU_KEY,
  location_select: MENU_KEY,
  TEMPLATESENDJOBFINISH: { required: ['MsgID', 'Status'] },
  subscribe_msg_popup_event: NONE,
  subscribe_msg_change_event: NONE,
  subscribe_msg_sent_event: NONE,
};

export function isRecord(value: CallbackValue | undefined): value is CallbackRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The text field `name`; ParseError when it is missing or not text. */
export function readText(record: CallbackRecord, name: string, where: string): string {
  const value = record[name];
  if (typeof value !== 'string') {
    throw new ParseError(`${where}: ${name} is ${value === undefined ? 'missing' : 'not text'}`);
  }
  return value;
}

/** Copies the spec's text fields of `record` into `out`, checking their shape. */
export function readFields(
  record: CallbackRecord,
  spec: FieldSpec,
  where: string,
  out: Record<string, unknown>,
): void {
  for (const name of spec.required) out[name] = readText(record, name, where);
  for (const name of spec.optional ?? []) {
    if (record[name] !== undefined) out[name] = readText(record, name, where);
  }
}

/** The group `name` (e.g. ScanCodeInfo); ParseError when missing or not a group. */
export function readGroup(record: CallbackRecord, name: string, where: string): CallbackRecord {
  const value = record[name];
  if (!isRecord(value))
    throw new ParseError(`${where}: ${name} is ${value === undefined ? 'missing' : 'not a group'}`);
  return value;
}

/** A group that may come once (an object) or repeated (an array) as an array of groups. */
export function readRepeated(
  value: CallbackValue | undefined,
  name: string,
  where: string,
): CallbackRecord[] {
  if (value === undefined || value === '') return [];
  const items = Array.isArray(value) ? value : [value];
  return items.map((item) => {
    if (!isRecord(item)) throw new ParseError(`${where}: ${name} holds something other than groups`);
    return item;
  });
}

/** Reads the spec's fields of a group into a new object. */
export function readGroupFields<T>(group: CallbackRecord, spec: FieldSpec, where: string): T {
  const out: Record<string, unknown> = {};
  readFields(group, spec, where, out);
  return out as T;
}

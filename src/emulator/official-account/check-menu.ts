/** @module Validates a menu body the way `/cgi-bin/menu/create` does and keeps its known fields. */
import type { WxErrorBody } from '../wx-error.js';
import { byteLength, OaErrcode, oaError } from './oa-errcodes.js';

/** A stored button: WeChat's field names, only the ones the type uses. */
export type StoredButton = Readonly<Record<string, unknown>> & {
  readonly name: string;
  readonly type?: string;
  readonly key?: string;
  readonly url?: string;
  readonly sub_button?: readonly StoredButton[];
};

/** Types that push an event with the button's key, so `key` is required. */
export const KEYED_TYPES = new Set([
  'click',
  'scancode_push',
  'scancode_waitmsg',
  'pic_sysphoto',
  'pic_photo_or_album',
  'pic_weixin',
  'location_select',
]);
const MEDIA_TYPES = new Set(['media_id', 'view_limited']);
const ARTICLE_TYPES = new Set(['article_id', 'article_view_limited']);
const URL_TYPES = new Set(['view', 'miniprogram']);
const ALL_TYPES = new Set([...KEYED_TYPES, ...MEDIA_TYPES, ...ARTICLE_TYPES, ...URL_TYPES]);

const MAX_TOP = 3;
const MAX_SUB = 5;
const NAME_BYTES = { top: 16, sub: 60 } as const;
const KEY_BYTES = 128;
const URL_BYTES = 1024;

/** Errcodes of one level: top-level buttons and sub buttons have their own numbers. */
const CODES = {
  top: {
    type: OaErrcode.InvalidButtonType,
    name: OaErrcode.InvalidButtonNameSize,
    key: OaErrcode.InvalidButtonKeySize,
    url: OaErrcode.InvalidButtonUrlSize,
  },
  sub: {
    type: OaErrcode.InvalidSubButtonType,
    name: OaErrcode.InvalidSubButtonNameSize,
    key: OaErrcode.InvalidSubButtonKeySize,
    url: OaErrcode.InvalidSubButtonUrlSize,
  },
} as const;

type Level = keyof typeof CODES;
type Checked = { button: StoredButton; error?: undefined } | { button?: undefined; error: WxErrorBody };

const asRecord = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;
const within = (value: string, bytes: number) => byteLength(value) <= bytes;

type Fields =
  { fields: Record<string, string>; error?: undefined } | { fields?: undefined; error: WxErrorBody };

/** The fields a type needs, or the errcode of the first one missing or too long. */
function actionFields(type: string, raw: Record<string, unknown>, level: Level): Fields {
  const codes = CODES[level];
  const key = text(raw['key']);
  const url = text(raw['url']);
  if (KEYED_TYPES.has(type))
    return key && within(key, KEY_BYTES) ? { fields: { key } } : { error: oaError(codes.key) };
  if (MEDIA_TYPES.has(type)) {
    const mediaId = text(raw['media_id']);
    return mediaId ? { fields: { media_id: mediaId } } : { error: oaError(OaErrcode.InvalidMediaId) };
  }
  if (ARTICLE_TYPES.has(type)) {
    const articleId = text(raw['article_id']);
    return articleId
      ? { fields: { article_id: articleId } }
      : { error: oaError(OaErrcode.InvalidArgs, 'article_id') };
  }
  if (!url || !within(url, URL_BYTES)) return { error: oaError(codes.url) };
  if (type === 'view') return { fields: { url } };
  const appid = text(raw['appid']);
  const pagepath = text(raw['pagepath']);
  if (!appid || !pagepath) return { error: oaError(OaErrcode.InvalidArgs, 'appid and pagepath') };
  return { fields: { url, appid, pagepath } };
}

function checkLeaf(raw: Record<string, unknown>, name: string, level: Level): Checked {
  const type = text(raw['type']);
  if (type === undefined || !ALL_TYPES.has(type)) return { error: oaError(CODES[level].type) };
  const action = actionFields(type, raw, level);
  return action.error ? { error: action.error } : { button: { type, name, ...action.fields } };
}

function checkButton(value: unknown, level: Level): Checked {
  const raw = asRecord(value);
  const name = text(raw['name']);
  if (!name || !within(name, NAME_BYTES[level])) return { error: oaError(CODES[level].name) };
  const subs = raw['sub_button'];
  // A button with sub buttons is only a folder: its own type is ignored, like on WeChat.
  if (level === 'sub' || !Array.isArray(subs) || subs.length === 0) return checkLeaf(raw, name, level);
  if (subs.length > MAX_SUB) return { error: oaError(OaErrcode.InvalidSubButtonSize) };
  const checked: StoredButton[] = [];
  for (const sub of subs) {
    const result = checkButton(sub, 'sub');
    if (result.error) return result;
    checked.push(result.button!);
  }
  return { button: { name, sub_button: checked } };
}

/** The checked buttons of a menu body, or WeChat's errcode for the first violation. */
export function checkMenu(
  body: unknown,
): { buttons: StoredButton[]; error?: undefined } | { error: WxErrorBody } {
  const button = asRecord(body)['button'];
  if (!Array.isArray(button) || button.length === 0 || button.length > MAX_TOP) {
    return { error: oaError(OaErrcode.InvalidButtonSize) };
  }
  const buttons: StoredButton[] = [];
  for (const raw of button) {
    const result = checkButton(raw, 'top');
    if (result.error) return { error: result.error };
    buttons.push(result.button!);
  }
  return { buttons };
}

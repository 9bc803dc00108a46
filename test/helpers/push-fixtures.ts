/** @module The callback fixtures (test/fixtures/callback/*.json) as simulated-user input and expected typed fields. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DIR = fileURLToPath(new URL('../fixtures/callback/', import.meta.url));

/** Every message and event fixture (the `unknown-*` ones are not typed). */
export const PUSH_FIXTURES = [
  'text',
  'image',
  'voice',
  'video',
  'shortvideo',
  'location',
  'link',
  'event-subscribe',
  'event-subscribe-qrscene',
  'event-unsubscribe',
  'event-scan',
  'event-location',
  'event-click',
  'event-view',
  'event-scancode_push',
  'event-scancode_waitmsg',
  'event-pic_sysphoto',
  'event-pic_photo_or_album',
  'event-pic_weixin',
  'event-location_select',
  'event-templatesendjobfinish',
  'event-subscribe_msg_popup_event',
  'event-subscribe_msg_change_event',
  'event-subscribe_msg_sent_event',
] as const;
export type PushFixture = (typeof PUSH_FIXTURES)[number];

// The emulator fills these itself: the app's original id, the openid, its clock and a fresh MsgId.
const HEAD_FIELDS = new Set(['ToUserName', 'FromUserName', 'CreateTime', 'MsgId']);

export interface PushCase {
  /** What the simulated user sends (the fixture without head fields). */
  readonly message: Record<string, unknown>;
  /** The fields the typed message must carry, every scalar a string as on the wire. */
  readonly expected: Record<string, unknown>;
}

function stringify(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stringify);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stringify(v)]));
  }
  return String(value);
}

/** Typed shapes: PicList items under `item`, subscribe-message `List` always an array. */
function typedShape(fields: Record<string, unknown>): Record<string, unknown> {
  const out = { ...fields };
  const pics = out['SendPicsInfo'] as { Count: string; PicList: unknown[] } | undefined;
  if (pics) out['SendPicsInfo'] = { Count: pics.Count, PicList: { item: pics.PicList } };
  if (out['List'] !== undefined && !Array.isArray(out['List'])) out['List'] = [out['List']];
  return out;
}

export function loadPushCase(name: PushFixture): PushCase {
  const raw = JSON.parse(readFileSync(`${DIR}${name}.json`, 'utf8')) as Record<string, unknown>;
  const message = Object.fromEntries(Object.entries(raw).filter(([k]) => !HEAD_FIELDS.has(k)));
  return { message, expected: typedShape(stringify(message) as Record<string, unknown>) };
}

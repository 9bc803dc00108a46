/** @module buildPush: the push WeChat sends when a user sends a message or triggers an event. */
import { EVENT_DEFAULTS, LIST_WRAPPERS, MESSAGE_DEFAULTS, mintMediaId } from './push-defaults.js';
import type { WireRecord } from './send-record.types.js';

/** A message or event the simulated user sends: `{ MsgType: 'text', Content }` or `{ Event: 'subscribe' }`. */
export type PushMessageInput = Readonly<Record<string, unknown>>;

export interface BuildPushInput {
  /** The app's original id (`ToUserName`). */
  readonly originalId: string;
  readonly openid: string;
  readonly message: PushMessageInput;
}

export interface BuildPushDeps {
  /** Emulator time, epoch ms. */
  readonly now: number;
  /** A fresh 64-bit message id as a string of digits. */
  readonly msgId: () => string;
}

/** The message cannot be built (missing required field, wrong value type). */
export class PushInputError extends Error {
  override readonly name = 'PushInputError';
}

const HEAD_FIELDS = new Set(['ToUserName', 'FromUserName', 'CreateTime', 'MsgType', 'Event', 'MsgId']);

function normalize(value: unknown, field: string): unknown {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (Array.isArray(value)) return value.map((item) => normalize(item, field));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalize(v, `${field}.${k}`)]));
  }
  throw new PushInputError(`${field} must be a string, a number, an object or an array`);
}

const asList = (value: unknown): unknown[] => {
  if (Array.isArray(value)) return value;
  return value === undefined ? [] : [value];
};

/** Accepts `PicList` as an array, one item or `{ item: [...] }`; fills `Count` from it. */
function normalizePics(info: unknown): WireRecord {
  const record = (info ?? {}) as WireRecord;
  const raw = record['PicList'];
  const wrapped = typeof raw === 'object' && raw !== null && !Array.isArray(raw) && 'item' in raw;
  const pics = asList(wrapped ? (raw as WireRecord)['item'] : raw);
  if (pics.length === 0) throw new PushInputError('SendPicsInfo.PicList needs at least one picture');
  return { Count: record['Count'] ?? String(pics.length), PicList: pics };
}

function checkRequired(kind: string, fields: WireRecord): void {
  if (kind === 'text' && typeof fields['Content'] !== 'string') {
    throw new PushInputError('a text message needs Content');
  }
  if (LIST_WRAPPERS[kind] === undefined) return;
  const list = asList(fields['List']);
  if (list.length === 0) throw new PushInputError(`${kind} needs at least one List group`);
  if (list.some((item) => typeof (item as WireRecord | undefined)?.['TemplateId'] !== 'string')) {
    throw new PushInputError(`every List group of ${kind} needs a TemplateId`);
  }
  fields['List'] = list;
}

function kindOf(message: PushMessageInput): { msgType: string; event?: string } {
  const { MsgType, Event } = message;
  if (typeof Event === 'string' && Event !== '') {
    if (MsgType !== undefined && MsgType !== 'event')
      throw new PushInputError('an Event needs MsgType event');
    return { msgType: 'event', event: Event };
  }
  if (typeof MsgType !== 'string' || MsgType === '' || MsgType === 'event') {
    throw new PushInputError('message needs a MsgType (text, image…) or an Event (subscribe, CLICK…)');
  }
  return { msgType: MsgType };
}

/**
 * The canonical push (field order as WeChat sends it, every scalar a string): head fields filled in,
 * type defaults under the caller's fields. Unknown types pass through with the head fields only.
 */
export function buildPush(input: BuildPushInput, deps: BuildPushDeps): WireRecord {
  if (typeof input.message !== 'object' || input.message === null || Array.isArray(input.message)) {
    throw new PushInputError('message must be an object');
  }
  const { msgType, event } = kindOf(input.message);
  const kind = event ?? msgType;
  const defaults = (event ? EVENT_DEFAULTS[event] : MESSAGE_DEFAULTS[msgType])?.(mintMediaId()) ?? {};
  const given = Object.entries(input.message).filter(([name]) => !HEAD_FIELDS.has(name));
  const fields = { ...defaults, ...(normalize(Object.fromEntries(given), 'message') as WireRecord) };
  checkRequired(kind, fields);
  if (fields['SendPicsInfo'] !== undefined) fields['SendPicsInfo'] = normalizePics(fields['SendPicsInfo']);
  return {
    ToUserName: input.originalId,
    FromUserName: input.openid,
    CreateTime: String(Math.floor(deps.now / 1000)),
    MsgType: msgType,
    ...(event !== undefined ? { Event: event } : {}),
    ...fields,
    // Events carry no MsgId; WeChat dedupes them by FromUserName + CreateTime instead.
    ...(event === undefined ? { MsgId: deps.msgId() } : {}),
  };
}

/** @module Turns a callback record into a typed message; unknown types pass through untyped. */
import type { CallbackRecord, CallbackValue } from './callback-record.types.js';
import {
  EVENT_FIELDS,
  USER_MESSAGE_FIELDS,
  isRecord,
  readFields,
  readGroup,
  readGroupFields,
  readRepeated,
  readText,
} from './message-fields.js';
import type {
  InboundMessage,
  KnownMessage,
  SendPicsItem,
  SubscribeMsgItem,
  UntypedMessage,
} from './message.types.js';

const QR_SCENE_PREFIX = 'qrscene_';
const SUBSCRIBE_MSG_WRAPPERS: Readonly<Record<string, string>> = {
  subscribe_msg_popup_event: 'SubscribeMsgPopupEvent',
  subscribe_msg_change_event: 'SubscribeMsgChangeEvent',
  subscribe_msg_sent_event: 'SubscribeMsgSentEvent',
};
const SUBSCRIBE_MSG_ITEM = {
  required: ['TemplateId'],
  optional: ['SubscribeStatusString', 'PopupScene', 'MsgID', 'ErrorCode', 'ErrorStatus'],
};

function textOr(value: CallbackValue | undefined): string {
  return typeof value === 'string' ? value : '';
}

function untyped(record: CallbackRecord): UntypedMessage {
  const message: UntypedMessage = {
    untyped: true,
    ToUserName: textOr(record.ToUserName),
    FromUserName: textOr(record.FromUserName),
    CreateTime: textOr(record.CreateTime),
    MsgType: textOr(record.MsgType),
    record,
  };
  if (typeof record.Event === 'string') message.Event = record.Event;
  return message;
}

function readPicList(info: CallbackRecord, where: string): SendPicsItem[] {
  const list = info.PicList;
  // XML wraps the pictures in <item>; JSON push may give the list itself.
  const items = isRecord(list) ? list.item : list;
  return readRepeated(items, 'PicList', where).map((item) =>
    readGroupFields<SendPicsItem>(item, { required: ['PicMd5Sum'] }, where),
  );
}

function readSubscribeMsgList(record: CallbackRecord, event: string, where: string): SubscribeMsgItem[] {
  const wrapper = record[SUBSCRIBE_MSG_WRAPPERS[event] as string];
  // XML: <SubscribeMsgPopupEvent><List>…</List>…</…>; JSON push: "List" at the top, object or array.
  const source = isRecord(wrapper) ? wrapper.List : Array.isArray(wrapper) ? wrapper : record.List;
  return readRepeated(source, 'List', where).map((item) =>
    readGroupFields<SubscribeMsgItem>(item, SUBSCRIBE_MSG_ITEM, where),
  );
}

function readEventGroups(
  record: CallbackRecord,
  event: string,
  where: string,
  out: Record<string, unknown>,
): void {
  if (event === 'scancode_push' || event === 'scancode_waitmsg') {
    const info = readGroup(record, 'ScanCodeInfo', where);
    out.ScanCodeInfo = readGroupFields(info, { required: ['ScanType', 'ScanResult'] }, where);
  } else if (event.startsWith('pic_')) {
    const info = readGroup(record, 'SendPicsInfo', where);
    out.SendPicsInfo = { Count: readText(info, 'Count', where), PicList: { item: readPicList(info, where) } };
  } else if (event === 'location_select') {
    const spec = { required: ['Location_X', 'Location_Y', 'Scale', 'Label'], optional: ['Poiname'] };
    out.SendLocationInfo = readGroupFields(readGroup(record, 'SendLocationInfo', where), spec, where);
  } else if (event in SUBSCRIBE_MSG_WRAPPERS) {
    out.List = readSubscribeMsgList(record, event, where);
  }
}

function deriveScene(event: string, out: Record<string, unknown>): void {
  const key = out.EventKey;
  if (typeof key !== 'string') return;
  if (event === 'SCAN') out.qrScene = key;
  else if (event === 'subscribe' && key.startsWith(QR_SCENE_PREFIX))
    out.qrScene = key.slice(QR_SCENE_PREFIX.length);
}

function typedHead(record: CallbackRecord, where: string): Record<string, unknown> {
  const out: Record<string, unknown> = { ...record };
  readFields(record, { required: ['ToUserName', 'FromUserName', 'CreateTime', 'MsgType'] }, where, out);
  return out;
}

/**
 * Types a decrypted callback record by `MsgType` (and `Event`). Known types are checked (ParseError
 * when a field they need is missing or malformed) and keep any extra fields WeChat adds; unknown
 * types come back as an UntypedMessage holding the record as received.
 */
export function parseMessage(record: CallbackRecord): InboundMessage {
  const msgType = record.MsgType;
  if (msgType === 'event') {
    const event = record.Event;
    if (typeof event !== 'string' || !Object.hasOwn(EVENT_FIELDS, event)) return untyped(record);
    const where = `${event} event`;
    const out = typedHead(record, where);
    readFields(record, EVENT_FIELDS[event]!, where, out);
    readEventGroups(record, event, where, out);
    deriveScene(event, out);
    return out as unknown as KnownMessage;
  }
  if (typeof msgType !== 'string' || !Object.hasOwn(USER_MESSAGE_FIELDS, msgType)) return untyped(record);
  const where = `${msgType} message`;
  const out = typedHead(record, where);
  readFields(record, USER_MESSAGE_FIELDS[msgType]!, where, out);
  return out as unknown as KnownMessage;
}

/** True for messages parseMessage typed; narrows away UntypedMessage. */
export function isKnownMessage(message: InboundMessage): message is KnownMessage {
  return !('untyped' in message);
}

/** @module Renders a canonical push as WeChat's XML or JSON document. */
import { buildXml, xmlItems, type XmlInput, type XmlInputRecord } from '../../kernel/xml/index.js';
import { LIST_WRAPPERS } from './push-defaults.js';
import type { WireRecord } from './send-record.types.js';

export type PushFormat = 'xml' | 'json';

// Fields WeChat sends as bare integers in XML and as JSON numbers (MsgId and MsgID are 64-bit).
const NUMERIC_FIELDS = new Set(['CreateTime', 'MsgId', 'Count', 'PopupScene', 'ErrorCode']);
// The template job's MsgID is a number in JSON, the subscribe List's MsgID a string.
const TOP_NUMERIC_FIELDS = new Set([...NUMERIC_FIELDS, 'MsgID']);
const DIGITS = /^-?\d+$/;

function toXmlValue(value: unknown, numeric: boolean): XmlInput {
  if (typeof value === 'string') return numeric && DIGITS.test(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map((item) => toXmlValue(item, false));
  if (typeof value === 'object' && value !== null) return toXmlRecord(value as WireRecord, NUMERIC_FIELDS);
  return value === undefined ? undefined : String(value);
}

function toXmlRecord(record: WireRecord, numeric: ReadonlySet<string>): XmlInputRecord {
  const out: Record<string, XmlInput> = {};
  for (const [name, value] of Object.entries(record)) {
    if (name === 'PicList' && Array.isArray(value))
      out[name] = xmlItems(toXmlValue(value, false) as XmlInput[]);
    else out[name] = toXmlValue(value, numeric.has(name));
  }
  return out;
}

/** `<xml>…</xml>`: integers bare, text in CDATA, PicList as `<item>`s, List groups in their wrapper. */
export function renderPushXml(push: WireRecord): string {
  const { List, ...rest } = push;
  const record = toXmlRecord(rest, TOP_NUMERIC_FIELDS);
  if (List === undefined) return buildXml(record);
  const lists = toXmlValue(List, false);
  const wrapper = LIST_WRAPPERS[String(push['Event'])];
  return buildXml({ ...record, ...(wrapper ? { [wrapper]: { List: lists } } : { List: lists }) });
}

const MARK = '\uE000';
const MARKED = new RegExp(`"${MARK}(-?\\d+)"`, 'g');

/** WeChat's JSON push: integers as JSON numbers (64-bit ids written exactly), one List group as an object. */
export function renderPushJson(push: WireRecord): string {
  const { List } = push;
  const root =
    List === undefined ? push : { ...push, List: Array.isArray(List) && List.length === 1 ? List[0] : List };
  const json = JSON.stringify(root, function (this: unknown, key: string, value: unknown) {
    const numeric = this === root ? TOP_NUMERIC_FIELDS : NUMERIC_FIELDS;
    // JSON.stringify cannot write a 64-bit integer from a JS number; the digits are spliced in raw.
    if (typeof value === 'string' && numeric.has(key) && DIGITS.test(value)) return `${MARK}${value}`;
    return value;
  });
  return json.replace(MARKED, '$1');
}

export function renderPush(push: WireRecord, format: PushFormat): string {
  return format === 'json' ? renderPushJson(push) : renderPushXml(push);
}

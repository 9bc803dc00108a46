/** @module Strict single-pass scanner for WeChat's push XML: the known shallow shape, everything else rejected. */
import { decodeStrictXmlText } from './decode-strict-xml-text.js';
import {
  XML_ARRAY_TAGS,
  XML_MAX_BYTES,
  type ParseXmlOptions,
  type XmlRecord,
  type XmlValue,
} from './parse-xml.js';
import {
  BANG,
  CDATA_OPEN,
  GT,
  LT,
  QUESTION,
  SLASH,
  fail,
  readCdata,
  readEndTag,
  readName,
  rejectMarkup,
  skipProlog,
  skipSpace,
  type Scan,
} from './scan-cursor.js';

export type ScanWeChatXmlOptions = ParseXmlOptions;

/** Deepest element below `<xml>`: SendPicsInfo › PicList › item › PicMd5Sum is the deepest WeChat sends. */
export const SCAN_MAX_DEPTH = 4;

const BOM = '\uFEFF';
const defaultArrayTags: ReadonlySet<string> = new Set(XML_ARRAY_TAGS);
const PROTOTYPE_NAMES: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

/** What an element has held so far; any two different kinds together is mixed content. */
const Content = { None: 0, Text: 1, Cdata: 2, Children: 3 } as const;
type ContentKind = (typeof Content)[keyof typeof Content];

function tooLarge(maxBytes: number): never {
  return fail(`XML body exceeds ${maxBytes} bytes`);
}

function decodeInput(input: string | Buffer, maxBytes: number): string {
  if (typeof input !== 'string') {
    if (input.length > maxBytes) tooLarge(maxBytes);
    return input.toString('utf8');
  }
  if (input.length > maxBytes || (input.length * 3 > maxBytes && Buffer.byteLength(input) > maxBytes)) {
    tooLarge(maxBytes);
  }
  return input;
}

function addChild(scan: Scan, record: XmlRecord, name: string, value: XmlValue): void {
  // Names of Object.prototype members never get here (readElement refuses them), so an own property
  // is the only thing `record[name]` can find; values are never undefined.
  const existing = record[name];
  if (scan.always.has(name)) {
    if (existing !== undefined) (existing as XmlValue[]).push(value);
    else record[name] = [value];
  } else if (existing === undefined) record[name] = value;
  // Element values are never arrays themselves, so an array here is the list of earlier repeats.
  else if (Array.isArray(existing)) existing.push(value);
  else record[name] = [existing, value];
}

/** Text, CDATA sections or child elements, never two of them in one element (and text only once). */
function settle(kind: ContentKind, next: ContentKind, name: string): ContentKind {
  if (kind !== Content.None && (kind !== next || next === Content.Text)) {
    fail(`XML mixes text and elements in <${name}>`);
  }
  return next;
}

function readContent(scan: Scan, name: string, depth: number): XmlValue {
  const s = scan.s;
  let kind: ContentKind = Content.None;
  let text = '';
  let record: XmlRecord | undefined;
  for (;;) {
    const spaceStart = scan.i;
    skipSpace(scan);
    const at = scan.i;
    if (at >= s.length) fail(`unclosed element <${name}>`);
    if (s.charCodeAt(at) !== LT) {
      kind = settle(kind, Content.Text, name);
      const lt = s.indexOf('<', at);
      if (lt === -1) fail(`unclosed element <${name}>`);
      text = decodeStrictXmlText(s.slice(spaceStart, lt));
      scan.i = lt;
      continue;
    }
    const next = s.charCodeAt(at + 1);
    if (next === SLASH) {
      readEndTag(scan, name);
      return record ?? text;
    }
    if (next === BANG || next === QUESTION) {
      if (!s.startsWith(CDATA_OPEN, at)) rejectMarkup(s, at);
      kind = settle(kind, Content.Cdata, name);
      text += readCdata(scan);
      continue;
    }
    kind = settle(kind, Content.Children, name);
    record ??= {};
    const value = readElement(scan, depth + 1);
    addChild(scan, record, scan.name, value);
  }
}

/** Reads one element starting at its `<`; returns its value and leaves its name in `scan.name`. */
function readElement(scan: Scan, depth: number): XmlValue {
  scan.i += 1;
  const name = readName(scan);
  if (depth > SCAN_MAX_DEPTH) fail(`XML nests deeper than ${SCAN_MAX_DEPTH} levels below the root`);
  // Names of Object.prototype members (__proto__, constructor, toString…) could pollute or shadow them.
  if (PROTOTYPE_NAMES.has(name)) fail(`XML element name <${name}> is not accepted`);
  skipSpace(scan);
  const c = scan.s.charCodeAt(scan.i);
  let value: XmlValue;
  if (c === SLASH && scan.s.charCodeAt(scan.i + 1) === GT) {
    scan.i += 2;
    value = '';
  } else {
    if (c !== GT) fail(`attributes or malformed start tag in <${name}>`);
    scan.i += 1;
    value = readContent(scan, name, depth);
  }
  scan.name = name;
  return value;
}

/**
 * Reads a WeChat push `<xml>…</xml>` into exactly what parseXml returns for it, accepting only an
 * optional XML declaration, elements without attributes (≤ 4 levels below the root), text with the
 * predefined entities and character references, and CDATA. Throws ParseError for anything else,
 * including DOCTYPE, comments, processing instructions, mixed content and oversized input.
 */
export function scanWeChatXml(input: string | Buffer, options: ScanWeChatXmlOptions = {}): XmlRecord {
  let s = decodeInput(input, options.maxBytes ?? XML_MAX_BYTES);
  if (s.startsWith(BOM)) s = s.slice(1);
  const always = options.arrayTags ? new Set(options.arrayTags) : defaultArrayTags;
  const scan: Scan = { s, i: 0, always, name: '' };
  skipProlog(scan);
  const root = readElement(scan, 0);
  if (scan.name !== 'xml') fail('XML root element must be <xml>');
  skipSpace(scan);
  if (scan.i !== s.length) fail('unexpected content after the root element');
  if (typeof root === 'string') {
    if (root !== '') fail('XML root must be a single <xml> element containing elements');
    return {};
  }
  return root as XmlRecord;
}

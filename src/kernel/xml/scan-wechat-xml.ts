/** @module Strict single-pass scanner for WeChat's push XML: the known shallow shape, everything else rejected. */
import { ParseError } from '../errors/wechat-error.js';
import { assertXmlChars, decodeStrictXmlText, normalizeLineEnds } from './decode-strict-xml-text.js';
import {
  XML_ARRAY_TAGS,
  XML_MAX_BYTES,
  type ParseXmlOptions,
  type XmlRecord,
  type XmlValue,
} from './parse-xml.js';

export type ScanWeChatXmlOptions = ParseXmlOptions;

/** Deepest element below `<xml>`: SendPicsInfo › PicList › item › PicMd5Sum is the deepest WeChat sends. */
export const SCAN_MAX_DEPTH = 4;

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;
const BOM = '\uFEFF';
const CDATA_OPEN = '<![CDATA[';
const DECLARATION =
  /^<\?xml(?:[ \t\r\n]+[A-Za-z]+[ \t\r\n]*=[ \t\r\n]*(?:"[^"<>&]*"|'[^'<>&]*'))*[ \t\r\n]*\?>/;
const defaultArrayTags: ReadonlySet<string> = new Set(XML_ARRAY_TAGS);
const PROTOTYPE_NAMES: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

/** What an element has held so far; any two different kinds together is mixed content. */
const Content = { None: 0, Text: 1, Cdata: 2, Children: 3 } as const;
type ContentKind = (typeof Content)[keyof typeof Content];

interface Scan {
  readonly s: string;
  i: number;
  readonly always: ReadonlySet<string>;
  /** Name of the element readElement read last. */
  name: string;
}

function fail(message: string): never {
  throw new ParseError(message);
}

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

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function skipSpace(scan: Scan): void {
  while (isSpace(scan.s.charCodeAt(scan.i))) scan.i += 1;
}

function isNameChar(c: number, first: boolean): boolean {
  return (
    (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || (!first && c >= 0x30 && c <= 0x39)
  );
}

function readName(scan: Scan): string {
  const start = scan.i;
  if (!isNameChar(scan.s.charCodeAt(start), true)) fail(`invalid XML element name at offset ${start}`);
  scan.i += 1;
  while (isNameChar(scan.s.charCodeAt(scan.i), false)) scan.i += 1;
  return scan.s.slice(start, scan.i);
}

function rejectMarkup(s: string, at: number): never {
  const head = s.slice(at, at + 9).toUpperCase();
  // DOCTYPE is how XXE and entity-expansion ("billion laughs") payloads get in; WeChat never sends one.
  if (head.startsWith('<!DOCTYPE')) fail('XML with a DOCTYPE is not accepted');
  if (head.startsWith('<!ENTITY')) fail('XML entity declarations are not accepted');
  if (head.startsWith('<!--')) fail('XML comments are not accepted');
  if (head.startsWith('<?')) fail('XML processing instructions are not accepted');
  return fail('XML markup declarations are not accepted');
}

function readCdata(scan: Scan): string {
  const start = scan.i + CDATA_OPEN.length;
  const end = scan.s.indexOf(']]>', start);
  if (end === -1) fail('unterminated CDATA section');
  const text = normalizeLineEnds(scan.s.slice(start, end));
  assertXmlChars(text);
  scan.i = end + 3;
  return text;
}

function readEndTag(scan: Scan, name: string): void {
  scan.i += 2;
  // The usual case, compared in place: the same name, then no further name character.
  if (scan.s.startsWith(name, scan.i) && !isNameChar(scan.s.charCodeAt(scan.i + name.length), false)) {
    scan.i += name.length;
  } else {
    const closing = readName(scan);
    if (closing !== name) fail(`mismatched tags: <${name}> closed by </${closing}>`);
  }
  skipSpace(scan);
  if (scan.s.charCodeAt(scan.i) !== GT) fail(`malformed end tag </${name}>`);
  scan.i += 1;
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

function skipProlog(scan: Scan): void {
  if (scan.s.startsWith('<?xml')) {
    const declaration = DECLARATION.exec(scan.s);
    if (declaration === null) fail('malformed XML declaration');
    scan.i = declaration[0].length;
  }
  skipSpace(scan);
  if (scan.s.charCodeAt(scan.i) !== LT) fail('XML root element must be <xml>');
  const next = scan.s.charCodeAt(scan.i + 1);
  if (next === BANG || next === QUESTION) rejectMarkup(scan.s, scan.i);
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

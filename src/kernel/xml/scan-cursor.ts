/** @module The cursor of the WeChat XML scanner: names, CDATA, end tags, the prolog, refused markup. */
import { ParseError } from '../errors/wechat-error.js';
import { assertXmlChars, normalizeLineEnds } from './decode-strict-xml-text.js';

export const LT = 0x3c;
export const GT = 0x3e;
export const SLASH = 0x2f;
export const BANG = 0x21;
export const QUESTION = 0x3f;
export const CDATA_OPEN = '<![CDATA[';
const DECLARATION =
  /^<\?xml(?:[ \t\r\n]+[A-Za-z]+[ \t\r\n]*=[ \t\r\n]*(?:"[^"<>&]*"|'[^'<>&]*'))*[ \t\r\n]*\?>/;

/** Where the scanner is in the text, and what it read last. */
export interface Scan {
  readonly s: string;
  i: number;
  readonly always: ReadonlySet<string>;
  /** Name of the element readElement read last. */
  name: string;
}

export function fail(message: string): never {
  throw new ParseError(message);
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

export function skipSpace(scan: Scan): void {
  while (isSpace(scan.s.charCodeAt(scan.i))) scan.i += 1;
}

function isNameChar(c: number, first: boolean): boolean {
  return (
    (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || (!first && c >= 0x30 && c <= 0x39)
  );
}

export function readName(scan: Scan): string {
  const start = scan.i;
  if (!isNameChar(scan.s.charCodeAt(start), true)) fail(`invalid XML element name at offset ${start}`);
  scan.i += 1;
  while (isNameChar(scan.s.charCodeAt(scan.i), false)) scan.i += 1;
  return scan.s.slice(start, scan.i);
}

export function rejectMarkup(s: string, at: number): never {
  const head = s.slice(at, at + 9).toUpperCase();
  // DOCTYPE is how XXE and entity-expansion ("billion laughs") payloads get in; WeChat never sends one.
  if (head.startsWith('<!DOCTYPE')) fail('XML with a DOCTYPE is not accepted');
  if (head.startsWith('<!ENTITY')) fail('XML entity declarations are not accepted');
  if (head.startsWith('<!--')) fail('XML comments are not accepted');
  if (head.startsWith('<?')) fail('XML processing instructions are not accepted');
  return fail('XML markup declarations are not accepted');
}

export function readCdata(scan: Scan): string {
  const start = scan.i + CDATA_OPEN.length;
  const end = scan.s.indexOf(']]>', start);
  if (end === -1) fail('unterminated CDATA section');
  const text = normalizeLineEnds(scan.s.slice(start, end));
  assertXmlChars(text);
  scan.i = end + 3;
  return text;
}

export function readEndTag(scan: Scan, name: string): void {
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

export function skipProlog(scan: Scan): void {
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

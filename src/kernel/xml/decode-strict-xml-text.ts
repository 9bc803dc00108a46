/** @module Strict decoding of XML element text: the five predefined entities and character references, nothing else. */
import { ParseError } from '../errors/wechat-error.js';

const REFERENCE = /&(?:(lt|gt|amp|quot|apos)|#([0-9]{1,7})|#x([0-9a-fA-F]{1,6}));/y;
const NAMED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const FORBIDDEN_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/** XML reads CR LF and a lone CR as LF, in text and CDATA alike. */
export function normalizeLineEnds(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

export function assertXmlChars(text: string): void {
  if (FORBIDDEN_CHAR.test(text)) throw new ParseError('XML text holds a character XML does not allow');
}

function charReference(code: number): string {
  const allowed =
    code === 0x09 ||
    code === 0x0a ||
    code === 0x0d ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff);
  if (!allowed) throw new ParseError('XML character reference to a character XML does not allow');
  return String.fromCodePoint(code);
}

/** Trimmed element text with the five predefined entities and character references decoded; others rejected. */
export function decodeStrictXmlText(raw: string): string {
  const text = normalizeLineEnds(raw.trim());
  assertXmlChars(text);
  if (text.includes(']]>')) throw new ParseError('"]]>" is not allowed in XML text');
  let amp = text.indexOf('&');
  if (amp === -1) return text;
  let out = '';
  let from = 0;
  while (amp !== -1) {
    REFERENCE.lastIndex = amp;
    const m = REFERENCE.exec(text);
    if (m === null) throw new ParseError('XML text holds an undeclared entity or a bare "&"');
    const value = m[1]
      ? (NAMED[m[1]] as string)
      : charReference(m[2] ? Number(m[2]) : Number.parseInt(m[3] as string, 16));
    out += text.slice(from, amp) + value;
    from = REFERENCE.lastIndex;
    amp = text.indexOf('&', from);
  }
  return out + text.slice(from);
}

/** @module tokenizeQuery: splits a tcb query string into tokens; anything unknown is rejected. */
import { badQuery } from './tcb-rejection.js';

export type Token =
  | { readonly kind: 'ident'; readonly text: string; readonly at: number }
  | { readonly kind: 'string'; readonly text: string; readonly at: number }
  | { readonly kind: 'number'; readonly value: number; readonly at: number }
  | { readonly kind: 'punct'; readonly text: string; readonly at: number };

const PUNCT = '.,:()[]{}-';
const IDENT_START = /[A-Za-z_$]/;
const IDENT_PART = /[A-Za-z0-9_$]/;
const NUMBER = /^(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?/;
const WHITESPACE = /\s/;
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  f: '\f',
  v: '\v',
  '0': '\0',
  "'": "'",
  '"': '"',
  '\\': '\\',
  '/': '/',
};
/** Queries are small; the cap bounds parser work on hostile input. */
export const MAX_QUERY_LENGTH = 512 * 1024;

function readEscape(source: string, i: number): { text: string; next: number } {
  const c = source[i] ?? '';
  const simple = SIMPLE_ESCAPES[c];
  if (simple !== undefined) return { text: simple, next: i + 1 };
  const hex = c === 'u' ? source.slice(i + 1, i + 5) : c === 'x' ? source.slice(i + 1, i + 3) : '';
  if (hex !== '' && /^[0-9a-fA-F]+$/.test(hex) && hex.length === (c === 'u' ? 4 : 2)) {
    return { text: String.fromCharCode(parseInt(hex, 16)), next: i + 1 + hex.length };
  }
  throw badQuery(`bad escape at ${i - 1}`);
}

function readString(source: string, start: number): { text: string; next: number } {
  const quote = source[start];
  let text = '';
  let i = start + 1;
  while (i < source.length) {
    const c = source[i] ?? '';
    if (c === quote) return { text, next: i + 1 };
    if (c === '\n' || c === '\r') break;
    if (c === '\\') {
      const escaped = readEscape(source, i + 1);
      text += escaped.text;
      i = escaped.next;
    } else {
      text += c;
      i += 1;
    }
  }
  throw badQuery(`unterminated string at ${start}`);
}

function readWord(source: string, start: number): number {
  let i = start + 1;
  while (i < source.length && IDENT_PART.test(source[i] ?? '')) i += 1;
  return i;
}

/** Tokens of `source`; comments, operators and other JavaScript are outside the language. */
export function tokenizeQuery(source: string): Token[] {
  if (source.length > MAX_QUERY_LENGTH) throw badQuery('query too long');
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i] ?? '';
    if (WHITESPACE.test(c)) {
      i += 1;
    } else if (c === '"' || c === "'") {
      const { text, next } = readString(source, i);
      tokens.push({ kind: 'string', text, at: i });
      i = next;
    } else if (IDENT_START.test(c)) {
      const end = readWord(source, i);
      tokens.push({ kind: 'ident', text: source.slice(i, end), at: i });
      i = end;
    } else if (/[\d.]/.test(c) && NUMBER.test(source.slice(i, i + 64))) {
      const text = NUMBER.exec(source.slice(i, i + 400))?.[0] ?? '';
      tokens.push({ kind: 'number', value: Number(text), at: i });
      i += text.length;
    } else if (PUNCT.includes(c)) {
      tokens.push({ kind: 'punct', text: c, at: i });
      i += 1;
    } else {
      throw badQuery(`unexpected character ${JSON.stringify(c)} at ${i}`);
    }
  }
  return tokens;
}

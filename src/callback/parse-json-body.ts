/** @module Parses a JSON push body into string-valued records, keeping 64-bit ids exact. */
import { ParseError } from '../kernel/errors/index.js';
import { CALLBACK_MAX_BYTES, type CallbackRecord, type CallbackValue } from './callback-record.types.js';

const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const NUMBER_CHAR = /[-+.eE0-9]/;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function checkSize(input: string | Buffer, maxBytes: number): string {
  const bytes = typeof input === 'string' ? Buffer.byteLength(input) : input.length;
  if (bytes > maxBytes) throw new ParseError(`JSON body exceeds ${maxBytes} bytes`);
  return typeof input === 'string' ? input : input.toString('utf8');
}

function endOfString(text: string, from: number): number {
  let i = from + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x5c) i += 2;
    else if (c === 0x22) return i + 1;
    else i += 1;
  }
  throw new ParseError('malformed JSON: unterminated string');
}

/**
 * Rewrites every number token as a string token. WeChat sends MsgId as a bare 64-bit integer, which
 * JSON.parse would round; quoting it at the lexical level keeps the digits as sent.
 */
export function quoteJsonNumbers(text: string): string {
  if (!/[0-9]/.test(text)) return text;
  let out = '';
  let last = 0;
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === '"') {
      i = endOfString(text, i);
    } else if (ch === '-' || (ch >= '0' && ch <= '9')) {
      let end = i + 1;
      while (end < text.length && NUMBER_CHAR.test(text[end] as string)) end += 1;
      const token = text.slice(i, end);
      if (!NUMBER.test(token)) throw new ParseError(`malformed JSON: bad number ${JSON.stringify(token)}`);
      out += `${text.slice(last, i)}"${token}"`;
      last = end;
      i = end;
    } else i += 1;
  }
  return last === 0 ? text : out + text.slice(last);
}

function toValue(value: unknown, depth: number): CallbackValue {
  if (typeof value === 'string') return value;
  if (value === null) return '';
  if (typeof value === 'boolean') return String(value);
  if (depth > 16) throw new ParseError('JSON body is nested too deeply');
  if (Array.isArray(value)) return value.map((item) => toValue(item, depth + 1));
  return toRecord(value as Record<string, unknown>, depth + 1);
}

function toRecord(object: Record<string, unknown>, depth: number): CallbackRecord {
  const record: CallbackRecord = {};
  for (const key of Object.keys(object)) {
    if (FORBIDDEN_KEYS.has(key)) throw new ParseError(`JSON key ${key} is not accepted`);
    record[key] = toValue(object[key], depth);
  }
  return record;
}

/**
 * Parses a JSON push body (at most `maxBytes`, default 1 MiB) into a record of strings; numbers keep
 * their exact digits, `null` becomes '' and booleans 'true'/'false'. Non-object JSON is a ParseError.
 */
export function parseJsonBody(input: string | Buffer, maxBytes = CALLBACK_MAX_BYTES): CallbackRecord {
  const text = checkSize(input, maxBytes);
  let parsed: unknown;
  try {
    parsed = JSON.parse(quoteJsonNumbers(text));
  } catch (cause) {
    if (cause instanceof ParseError) throw cause;
    throw new ParseError('malformed JSON body', { cause });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ParseError('JSON body must be an object');
  }
  return toRecord(parsed as Record<string, unknown>, 0);
}

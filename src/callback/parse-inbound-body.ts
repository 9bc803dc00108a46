/** @module Reads a raw callback body (XML or JSON) into a CallbackRecord. */
import { scanWeChatXml } from '../kernel/xml/index.js';
import { CALLBACK_MAX_BYTES, type CallbackFormat, type CallbackRecord } from './callback-record.types.js';
import { parseJsonBody } from './parse-json-body.js';

/** Parses the raw body in the push's format; ParseError for oversized, malformed or unsafe input. */
export function parseInboundBody(
  rawBody: string | Buffer,
  format: CallbackFormat,
  maxBytes = CALLBACK_MAX_BYTES,
): CallbackRecord {
  return format === 'json' ? parseJsonBody(rawBody, maxBytes) : scanWeChatXml(rawBody, { maxBytes });
}

/** Guesses the format from the first non-blank character, for routes that accept either. */
export function sniffFormat(rawBody: string | Buffer): CallbackFormat {
  const text = typeof rawBody === 'string' ? rawBody.slice(0, 64) : rawBody.subarray(0, 64).toString('utf8');
  return text
    .trimStart()
    .replace(/^\uFEFF/, '')
    .startsWith('{')
    ? 'json'
    : 'xml';
}

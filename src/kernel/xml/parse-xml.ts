/** @module Safe parsing of WeChat's XML pushes into plain objects of strings (no DOCTYPE, size-limited). */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ParseError } from '../errors/wechat-error.js';
import { assertSafeXml } from './assert-safe-xml.js';
import { decodeXmlText } from './decode-xml-text.js';

/** A parsed element: text, a group of child elements, or the repeats of one element name. */
export type XmlValue = string | XmlRecord | XmlValue[];
export interface XmlRecord {
  [name: string]: XmlValue;
}

export interface ParseXmlOptions {
  /** Larger inputs are rejected before parsing (default 1 MiB). */
  maxBytes?: number;
  /**
   * Element names always returned as arrays, even when they occur once. Default: `List` (subscribe
   * message events) and `item` (SendPicsInfo, news articles). Other names become arrays when repeated.
   */
  arrayTags?: readonly string[];
}

export const XML_MAX_BYTES = 1024 * 1024;
export const XML_ARRAY_TAGS: readonly string[] = ['List', 'item'];

const CDATA = '#cdata';
const TEXT = '#text';
const BOM = '\uFEFF';

function createParser(arrayTags: readonly string[]): XMLParser {
  const always = new Set(arrayTags);
  return new XMLParser({
    ignoreAttributes: true,
    ignoreDeclaration: true,
    // Numbers stay strings: MsgId is 64-bit and would lose digits as a JS number.
    parseTagValue: false,
    processEntities: false,
    trimValues: true,
    cdataPropName: CDATA,
    isArray: (name) => always.has(name),
  });
}

const defaultParser = createParser(XML_ARRAY_TAGS);

function decodeInput(input: string | Buffer, maxBytes: number): string {
  const tooLarge = (): never => {
    throw new ParseError(`XML body exceeds ${maxBytes} bytes`);
  };
  if (typeof input !== 'string') {
    if (input.length > maxBytes) tooLarge();
    return input.toString('utf8');
  }
  // Cheap bound first: a string never has more UTF-8 bytes than 3 per UTF-16 unit.
  if (input.length > maxBytes || (input.length * 3 > maxBytes && Buffer.byteLength(input) > maxBytes)) {
    tooLarge();
  }
  return input;
}

function scalar(node: Record<string, unknown>): string {
  const text = node[TEXT];
  const cdata = node[CDATA];
  const cdataText = Array.isArray(cdata) ? cdata.join('') : ((cdata as string | undefined) ?? '');
  return (typeof text === 'string' ? decodeXmlText(text) : '') + cdataText;
}

function normalize(value: unknown): XmlValue {
  if (typeof value === 'string') return decodeXmlText(value);
  if (Array.isArray(value)) return value.map(normalize);
  if (typeof value !== 'object' || value === null) return String(value);
  const node = value as Record<string, unknown>;
  const names = Object.keys(node);
  const textual = names.filter((name) => name === TEXT || name === CDATA).length;
  if (textual > 0) {
    if (textual !== names.length) throw new ParseError('XML mixes text and elements in one element');
    return scalar(node);
  }
  const record: XmlRecord = {};
  for (const name of names) record[name] = normalize(node[name]);
  return record;
}

function rootOf(doc: Record<string, unknown>): XmlRecord {
  const names = Object.keys(doc);
  if (names.length !== 1 || names[0] !== 'xml') throw new ParseError('XML root element must be <xml>');
  const root = normalize(doc.xml);
  if (root === '') return {};
  if (typeof root !== 'object' || Array.isArray(root)) {
    throw new ParseError('XML root must be a single <xml> element containing elements');
  }
  return root;
}

/**
 * Parses a WeChat XML document and returns the children of its `<xml>` root. Throws ParseError for
 * DOCTYPE/ENTITY/processing instructions, oversized or malformed input, and any other root.
 */
export function parseXml(input: string | Buffer, options: ParseXmlOptions = {}): XmlRecord {
  let xml = decodeInput(input, options.maxBytes ?? XML_MAX_BYTES);
  if (xml.startsWith(BOM)) xml = xml.slice(1);
  assertSafeXml(xml);
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new ParseError(`malformed XML: ${valid.err.msg} (line ${valid.err.line})`);
  const parser = options.arrayTags ? createParser(options.arrayTags) : defaultParser;
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml) as Record<string, unknown>;
  } catch (cause) {
    throw new ParseError('malformed XML', { cause });
  }
  return rootOf(doc);
}

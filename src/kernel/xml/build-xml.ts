/** @module Builds WeChat reply XML: strings in CDATA, numbers bare, groups nested, arrays repeated. */

/** What an element may hold; `null`/`undefined` elements are left out so optional fields can be passed through. */
export type XmlInput = string | number | bigint | XmlInputRecord | readonly XmlInput[] | null | undefined;
export interface XmlInputRecord {
  readonly [name: string]: XmlInput;
}

const ELEMENT_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
// Replies use a few dozen distinct names; each is checked once.
const checkedNames = new Set<string>();

function checkedName(name: string): string {
  if (checkedNames.has(name)) return name;
  if (!ELEMENT_NAME.test(name)) throw new TypeError(`invalid XML element name: ${JSON.stringify(name)}`);
  if (checkedNames.size < 1024) checkedNames.add(name);
  return name;
}

/** Wraps text in CDATA; a `]]>` inside is split across two sections so it survives intact. */
export function cdata(text: string): string {
  const safe = text.includes(']]>') ? text.split(']]>').join(']]]]><![CDATA[>') : text;
  return `<![CDATA[${safe}]]>`;
}

function valueXml(name: string, value: XmlInput, nested: boolean): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) {
    // Arrays repeat the element itself: { List: [a, b] } → <List>a</List><List>b</List>.
    if (nested) throw new TypeError(`nested arrays cannot be written as XML (element ${name})`);
    let out = '';
    for (const item of value as readonly XmlInput[]) out += valueXml(name, item, true);
    return out;
  }
  let inner: string;
  if (typeof value === 'string') inner = cdata(value);
  else if (typeof value === 'bigint') inner = value.toString();
  else if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`element ${name} is not a finite number`);
    inner = String(value);
  } else inner = childrenXml(value as XmlInputRecord);
  return `<${name}>${inner}</${name}>`;
}

function childrenXml(record: XmlInputRecord): string {
  let out = '';
  for (const name in record) {
    if (Object.hasOwn(record, name)) out += valueXml(checkedName(name), record[name], false);
  }
  return out;
}

/**
 * `<xml>…</xml>` for a passive reply or a push. For a wrapped list such as news `Articles`, nest the
 * items under their item tag: `{ Articles: xmlItems(articles) }` → `<Articles><item>…</item>…</Articles>`.
 */
export function buildXml(root: XmlInputRecord): string {
  return `<xml>${childrenXml(root)}</xml>`;
}

/** Groups `items` under one repeated child tag (default `item`), for lists like news `Articles`. */
export function xmlItems(items: readonly XmlInput[], itemTag = 'item'): XmlInputRecord {
  return { [checkedName(itemTag)]: items };
}

/** @module Builds WeChat reply XML: strings in CDATA, numbers bare, groups nested, arrays repeated. */

/** What an element may hold; `null`/`undefined` elements are left out so optional fields can be passed through. */
export type XmlInput = string | number | bigint | XmlInputRecord | readonly XmlInput[] | null | undefined;
export interface XmlInputRecord {
  readonly [name: string]: XmlInput;
}

const ELEMENT_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function checkedName(name: string): string {
  if (!ELEMENT_NAME.test(name)) throw new TypeError(`invalid XML element name: ${JSON.stringify(name)}`);
  return name;
}

/** Wraps text in CDATA; a `]]>` inside is split across two sections so it survives intact. */
export function cdata(text: string): string {
  return `<![CDATA[${text.split(']]>').join(']]]]><![CDATA[>')}]]>`;
}

function writeValue(out: string[], name: string, value: XmlInput, nested: boolean): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    // Arrays repeat the element itself: { List: [a, b] } → <List>a</List><List>b</List>.
    if (nested) throw new TypeError(`nested arrays cannot be written as XML (element ${name})`);
    for (const item of value as readonly XmlInput[]) writeValue(out, name, item, true);
    return;
  }
  out.push(`<${name}>`);
  if (typeof value === 'string') out.push(cdata(value));
  else if (typeof value === 'bigint') out.push(value.toString());
  else if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`element ${name} is not a finite number`);
    out.push(String(value));
  } else writeChildren(out, value as XmlInputRecord);
  out.push(`</${name}>`);
}

function writeChildren(out: string[], record: XmlInputRecord): void {
  for (const [name, value] of Object.entries(record)) writeValue(out, checkedName(name), value, false);
}

/**
 * `<xml>…</xml>` for a passive reply or a push. For a wrapped list such as news `Articles`, nest the
 * items under their item tag: `{ Articles: xmlItems(articles) }` → `<Articles><item>…</item>…</Articles>`.
 */
export function buildXml(root: XmlInputRecord): string {
  const out: string[] = ['<xml>'];
  writeChildren(out, root);
  out.push('</xml>');
  return out.join('');
}

/** Groups `items` under one repeated child tag (default `item`), for lists like news `Articles`. */
export function xmlItems(items: readonly XmlInput[], itemTag = 'item'): XmlInputRecord {
  return { [checkedName(itemTag)]: items };
}

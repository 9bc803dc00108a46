/** @module Decodes the predefined XML entities and character references in element text (not CDATA). */

const REFERENCE = /&(?:(lt|gt|amp|quot|apos)|#([0-9]{1,7})|#x([0-9a-fA-F]{1,6}));/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const MAX_CODE_POINT = 0x10ffff;

function fromCodePoint(codePoint: number, original: string): string {
  // Out-of-range references are left as written rather than turned into replacement characters.
  return codePoint > 0 && codePoint <= MAX_CODE_POINT ? String.fromCodePoint(codePoint) : original;
}

/** Replaces `&lt;` `&gt;` `&amp;` `&quot;` `&apos;` `&#NN;` `&#xHH;`; other `&name;` stay literal. */
export function decodeXmlText(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(REFERENCE, (original, named?: string, dec?: string, hex?: string) => {
    if (named) return NAMED[named] as string;
    return fromCodePoint(dec ? Number.parseInt(dec, 10) : Number.parseInt(hex as string, 16), original);
  });
}

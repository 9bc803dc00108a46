/** @module Pre-parse screen: no DOCTYPE, ENTITY or other markup declarations, no processing instructions. */
import { ParseError } from '../errors/wechat-error.js';

const MARKUP = /<[!?]/g;
const XML_DECLARATION = /^<\?xml[\s?]/;

function skipTo(xml: string, from: number, terminator: string, what: string): number {
  const end = xml.indexOf(terminator, from);
  if (end === -1) throw new ParseError(`unterminated ${what}`);
  return end + terminator.length;
}

function rejectDeclaration(xml: string, at: number): never {
  const head = xml.slice(at, at + 9).toUpperCase();
  // DOCTYPE is how XXE and entity-expansion ("billion laughs") payloads get in; WeChat never sends one.
  if (head.startsWith('<!DOCTYPE')) throw new ParseError('XML with a DOCTYPE is not accepted');
  if (head.startsWith('<!ENTITY')) throw new ParseError('XML entity declarations are not accepted');
  throw new ParseError('XML markup declarations are not accepted');
}

/**
 * Throws ParseError unless the only `<!` constructs are CDATA sections and comments, and the only
 * `<?` is an XML declaration at the very start. Text after the root element is rejected too.
 */
export function assertSafeXml(xml: string): void {
  MARKUP.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = MARKUP.exec(xml)) !== null) {
    const at = match.index;
    if (xml.startsWith('<![CDATA[', at)) {
      MARKUP.lastIndex = skipTo(xml, at + 9, ']]>', 'CDATA section');
    } else if (xml.startsWith('<!--', at)) {
      MARKUP.lastIndex = skipTo(xml, at + 4, '-->', 'comment');
    } else if (xml[at + 1] === '!') {
      rejectDeclaration(xml, at);
    } else if (at === 0 && XML_DECLARATION.test(xml.slice(0, 6))) {
      MARKUP.lastIndex = skipTo(xml, at + 5, '?>', 'XML declaration');
    } else {
      throw new ParseError('XML processing instructions are not accepted');
    }
  }
  if (!xml.trimEnd().endsWith('>')) throw new ParseError('unexpected text after the root element');
}

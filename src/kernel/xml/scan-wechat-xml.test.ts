import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { loadVectors, type VectorEntry } from '../../../test/helpers/vectors.js';
import { ParseError } from '../errors/wechat-error.js';
import { parseXml } from './parse-xml.js';
import { scanWeChatXml, type ScanWeChatXmlOptions } from './scan-wechat-xml.js';

const XXE = `<?xml version="1.0"?>
<!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<xml><ToUserName><![CDATA[gh_1]]></ToUserName><Content>&xxe;</Content></xml>`;

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol9 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<xml><Content>&lol9;</Content></xml>`;

const POPUP_EVENT = `<xml><ToUserName><![CDATA[gh_123456789abc]]></ToUserName><FromUserName><![CDATA[otFpruAK8D-E6EfStSYonYSBZ8_4]]></FromUserName><CreateTime>1610969440</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe_msg_popup_event]]></Event><SubscribeMsgPopupEvent><List><TemplateId><![CDATA[VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc]]></TemplateId><SubscribeStatusString><![CDATA[accept]]></SubscribeStatusString><PopupScene>2</PopupScene></List><List><TemplateId><![CDATA[9nLIlbOQZC5Y89AZteFEux3WCXRRRG5Wfzkpssu4bLI]]></TemplateId><SubscribeStatusString><![CDATA[reject]]></SubscribeStatusString><PopupScene>2</PopupScene></List></SubscribeMsgPopupEvent></xml>`;

const SCANCODE_EVENT = `<xml><ToUserName><![CDATA[gh_e136c6e50636]]></ToUserName><FromUserName><![CDATA[oMgHVjngRipVsoxg6TuX3vz6glDg]]></FromUserName><CreateTime>1408090502</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[scancode_push]]></Event><EventKey><![CDATA[6]]></EventKey><ScanCodeInfo><ScanType><![CDATA[qrcode]]></ScanType><ScanResult><![CDATA[1]]></ScanResult></ScanCodeInfo></xml>`;

const PIC_EVENT = `<xml><Event><![CDATA[pic_sysphoto]]></Event><SendPicsInfo><Count>1</Count><PicList><item><PicMd5Sum><![CDATA[1b5f7c23b5bf75682a53e7b6d163e185]]></PicMd5Sum></item></PicList></SendPicsInfo></xml>`;

const msgcrypt = loadVectors<VectorEntry & { msg: string }>('msgcrypt');

/** Every document the parseXml suite feeds in; parseXml accepts some of them and rejects others. */
const PARSE_XML_CASES: readonly (readonly [string, string])[] = [
  ['XXE', XXE],
  ['billion laughs', BILLION_LAUGHS],
  ['DOCTYPE', '<!DOCTYPE xml><xml><A>1</A></xml>'],
  ['lower-case doctype', '<!doctype xml><xml><A>1</A></xml>'],
  ['ENTITY declaration', '<xml><!ENTITY a "b"><A>1</A></xml>'],
  ['ELEMENT declaration', '<xml><!ELEMENT a ANY><A>1</A></xml>'],
  ['stylesheet PI', '<?xml-stylesheet href="x"?><xml><A>1</A></xml>'],
  ['PI inside', '<xml><?php echo 1; ?><A>1</A></xml>'],
  ['second declaration', '<xml><?xml version="1.0"?><A>1</A></xml>'],
  ['__proto__', '<xml><__proto__><polluted>1</polluted></__proto__></xml>'],
  ['truncated', '<xml><ToUserName><![CDATA[gh_1]]></ToUserName><Content><![CDATA[hel'],
  ['unclosed root', '<xml><A>1</A>'],
  ['mismatched', '<xml><A>1</B></xml>'],
  ['JSON', '{"ToUserName":"gh_1","Encrypt":"abc"}'],
  ['empty', ''],
  ['plain text', 'success'],
  ['another root', '<root><A>1</A></root>'],
  ['two roots', '<xml><A>1</A></xml><xml><A>2</A></xml>'],
  ['text after root', '<xml><A>1</A></xml>trailing'],
  ['root text', '<xml>hello</xml>'],
  ['mixed', '<xml>hello<A>1</A></xml>'],
  ['demo typo', msgcrypt.find((v) => v.id === 'ruby-wecheat')!.msg],
  ['popup event', POPUP_EVENT],
  ['scancode event', SCANCODE_EVENT],
  ['pic event', PIC_EVENT],
  ['64-bit MsgId', '<xml><MsgId>9223372036854775807</MsgId><Zero>007</Zero></xml>'],
  ['empty elements', '<xml><EventKey></EventKey><Ticket/><C><![CDATA[]]></C></xml>'],
  ['empty root', '<xml></xml>'],
  [
    'CDATA and entities',
    '<xml><A><![CDATA[  two  spaces &amp; ]]></A><B>a &amp; b &lt;c&gt; &#20320; &#x1F600;</B><MsgType>  <![CDATA[video]]></MsgType></xml>',
  ],
  ['split CDATA', '<xml><Content><![CDATA[你好 👋🏽 ]]]]><![CDATA[>]]></Content></xml>'],
  [
    'declaration',
    '<?xml version="1.0" encoding="UTF-8"?>\n<xml><Content><![CDATA[<!DOCTYPE x><?php ?> &amp;]]></Content></xml>',
  ],
  ...msgcrypt.filter((v) => v.msg.startsWith('<xml>')).map((v) => [`vector ${v.id}`, v.msg] as const),
];

/** Accepted by parseXml, rejected on purpose by the scanner (WeChat never sends these). */
const STRICTER_CASES: readonly (readonly [string, string])[] = [
  ['a comment', '<xml><!-- note --><Content><![CDATA[x]]></Content></xml>'],
  ['an unknown entity left literal', '<xml><B>&unknown;</B></xml>'],
  ['text next to CDATA', '<xml><A>a<![CDATA[b]]>c</A></xml>'],
  ['an attribute', '<xml><A x="1">1</A></xml>'],
  ['"]]>" in text', '<xml><A>x]]>y</A></xml>'],
  ['a NUL character', '<xml><A>\u0000</A></xml>'],
  ['a reference to NUL', '<xml><A>&#0;</A></xml>'],
  ['a name shadowing Object.prototype', '<xml><toString>1</toString></xml>'],
  ['nesting five levels deep', '<xml><A><B><C><D><E>1</E></D></C></B></A></xml>'],
];

/** The raw callback fixtures (`test/fixtures/callback/*.xml`), by file name. */
function callbackFixtures(): [string, string][] {
  const dir = new URL('../../../test/fixtures/callback/', import.meta.url);
  return readdirSync(dir)
    .filter((name) => name.endsWith('.xml'))
    .map((name) => [name, readFileSync(new URL(name, dir), 'utf8')]);
}

function outcome(read: () => unknown): { value?: unknown; error?: string } {
  try {
    return { value: read() };
  } catch (e) {
    if (e instanceof ParseError) return { error: 'ParseError' };
    return { error: `unexpected ${String(e)}` };
  }
}

function scanError(input: string | Buffer, options?: ScanWeChatXmlOptions): ParseError {
  const result = outcome(() => scanWeChatXml(input, options));
  expect(result.error).toBe('ParseError');
  try {
    scanWeChatXml(input, options);
  } catch (e) {
    return e as ParseError;
  }
  throw new Error('unreachable');
}

describe('scanWeChatXml: same answer as parseXml', () => {
  it.each(callbackFixtures())('reads the fixture %s exactly like parseXml', (_name, xml) => {
    const scanned = scanWeChatXml(xml);
    expect(scanned).toEqual(parseXml(xml));
    expect(Object.keys(scanned).length).toBeGreaterThan(3);
  });

  it.each(PARSE_XML_CASES)('gives the same result or rejection for %s', (_name, xml) => {
    expect(outcome(() => scanWeChatXml(xml))).toEqual(outcome(() => parseXml(xml)));
  });

  it.each(STRICTER_CASES)('rejects %s, which parseXml lets through', (_name, xml) => {
    expect(outcome(() => parseXml(xml)).error).toBeUndefined();
    scanError(xml);
  });

  it('returns repeated and arrayTags elements as arrays, in order', () => {
    const list = (scanWeChatXml(POPUP_EVENT).SubscribeMsgPopupEvent as { List: { PopupScene: string }[] })
      .List;
    expect(list.map((entry) => entry.PopupScene)).toEqual(['2', '2']);
    expect(scanWeChatXml('<xml><A><B>1</B></A></xml>', { arrayTags: ['B'] })).toEqual({ A: { B: ['1'] } });
    expect(scanWeChatXml('<xml><A>1</A><C/><A>2</A></xml>', { arrayTags: [] })).toEqual({
      A: ['1', '2'],
      C: '',
    });
    expect(scanWeChatXml(PIC_EVENT).SendPicsInfo).toEqual({
      Count: '1',
      PicList: { item: [{ PicMd5Sum: '1b5f7c23b5bf75682a53e7b6d163e185' }] },
    });
  });

  it('reads a Buffer with a BOM, whitespace around tags and CDATA', () => {
    const buf = Buffer.from(
      '\uFEFF<?xml version="1.0"?>\n<xml >\n <A >  <![CDATA[x]]> </A >\n</xml>\n',
      'utf8',
    );
    expect(scanWeChatXml(buf)).toEqual({ A: 'x' });
  });
});

describe('scanWeChatXml: refuses attacks and malformed input', () => {
  it.each([
    ['an external entity (XXE)', XXE, /DOCTYPE/],
    ['entity expansion (billion laughs)', BILLION_LAUGHS, /DOCTYPE/],
    ['a DOCTYPE after the declaration', '<?xml version="1.0"?><!DOCTYPE x><xml></xml>', /DOCTYPE/],
    ['an ENTITY inside', '<xml><!ENTITY a "b"><A>1</A></xml>', /entity/],
    ['a comment', '<xml><!-- x --><A>1</A></xml>', /comments/],
    ['a processing instruction', '<xml><?php ?><A>1</A></xml>', /processing/],
    ['a declaration not at the start', ' <?xml version="1.0"?><xml></xml>', /processing/],
    ['a malformed declaration', '<?xml version=1?><xml></xml>', /declaration/],
    ['an entity reference', '<xml><A>&xxe;</A></xml>', /entity/],
    ['a truncated CDATA', '<xml><A><![CDATA[abc', /CDATA/],
    ['a truncated element', '<xml><A>abc', /unclosed/],
    ['mismatched tags', '<xml><A>1</B></xml>', /mismatched/],
    ['an unclosed root', '<xml><A>1</A>', /unclosed/],
    ['text after the root', '<xml></xml>x', /after the root/],
    ['another root', '<root/>', /<xml>/],
    ['a namespaced name', '<xml><a:b>1</a:b></xml>', /malformed start tag/],
    ['deep nesting', `<xml>${'<A>'.repeat(50)}1${'</A>'.repeat(50)}</xml>`, /deeper/],
  ])('rejects %s', (_name, xml, message) => {
    expect(scanError(xml).message).toMatch(message);
  });

  it('accepts exactly maxBytes, counting UTF-8 bytes, and rejects one byte more', () => {
    const doc = `<xml><Content><![CDATA[${'😀'.repeat(50)}]]></Content></xml>`;
    const size = Buffer.byteLength(doc);
    expect(scanWeChatXml(doc, { maxBytes: size }).Content).toBe('😀'.repeat(50));
    expect(scanError(doc, { maxBytes: size - 1 }).message).toMatch(/exceeds/);
    expect(scanError(Buffer.from(doc), { maxBytes: size - 1 }).message).toMatch(/exceeds/);
    expect(scanError(`<xml><C>${'a'.repeat(1024 * 1024)}</C></xml>`).message).toMatch(/exceeds/);
  });

  it('leaves Object.prototype untouched', () => {
    scanError('<xml><__proto__><polluted>1</polluted></__proto__></xml>');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

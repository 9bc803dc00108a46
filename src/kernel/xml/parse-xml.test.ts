import { describe, it, expect } from 'vitest';
import { ParseError } from '../errors/wechat-error.js';
import { loadVectors, type VectorEntry } from '../../../test/helpers/vectors.js';
import { parseXml } from './parse-xml.js';

function parseError(input: string | Buffer, options?: Parameters<typeof parseXml>[1]): ParseError {
  try {
    parseXml(input, options);
  } catch (e) {
    if (e instanceof ParseError) return e;
    throw e;
  }
  throw new Error('expected a ParseError');
}

const XXE = `<?xml version="1.0"?>
<!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<xml><ToUserName><![CDATA[gh_1]]></ToUserName><Content>&xxe;</Content></xml>`;

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<xml><Content>&lol9;</Content></xml>`;

const POPUP_EVENT = `<xml><ToUserName><![CDATA[gh_123456789abc]]></ToUserName><FromUserName><![CDATA[otFpruAK8D-E6EfStSYonYSBZ8_4]]></FromUserName><CreateTime>1610969440</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe_msg_popup_event]]></Event><SubscribeMsgPopupEvent><List><TemplateId><![CDATA[VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc]]></TemplateId><SubscribeStatusString><![CDATA[accept]]></SubscribeStatusString><PopupScene>2</PopupScene></List><List><TemplateId><![CDATA[9nLIlbOQZC5Y89AZteFEux3WCXRRRG5Wfzkpssu4bLI]]></TemplateId><SubscribeStatusString><![CDATA[reject]]></SubscribeStatusString><PopupScene>2</PopupScene></List></SubscribeMsgPopupEvent></xml>`;

const SCANCODE_EVENT = `<xml><ToUserName><![CDATA[gh_e136c6e50636]]></ToUserName><FromUserName><![CDATA[oMgHVjngRipVsoxg6TuX3vz6glDg]]></FromUserName><CreateTime>1408090502</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[scancode_push]]></Event><EventKey><![CDATA[6]]></EventKey><ScanCodeInfo><ScanType><![CDATA[qrcode]]></ScanType><ScanResult><![CDATA[1]]></ScanResult></ScanCodeInfo></xml>`;

const PIC_EVENT = `<xml><Event><![CDATA[pic_sysphoto]]></Event><SendPicsInfo><Count>1</Count><PicList><item><PicMd5Sum><![CDATA[1b5f7c23b5bf75682a53e7b6d163e185]]></PicMd5Sum></item></PicList></SendPicsInfo></xml>`;

describe('parseXml: refuses dangerous markup', () => {
  it.each([
    ['an external entity (XXE)', XXE, /DOCTYPE/],
    ['entity expansion (billion laughs)', BILLION_LAUGHS, /DOCTYPE/],
    ['a DOCTYPE without entities', '<!DOCTYPE xml><xml><A>1</A></xml>', /DOCTYPE/],
    ['a lower-case doctype', '<!doctype xml><xml><A>1</A></xml>', /DOCTYPE/],
    ['a bare ENTITY declaration', '<xml><!ENTITY a "b"><A>1</A></xml>', /entity/i],
    ['an ELEMENT declaration', '<xml><!ELEMENT a ANY><A>1</A></xml>', /declarations/],
    ['a stylesheet processing instruction', '<?xml-stylesheet href="x"?><xml><A>1</A></xml>', /processing/],
    ['a processing instruction inside', '<xml><?php echo 1; ?><A>1</A></xml>', /processing/],
    ['a second XML declaration', '<xml><?xml version="1.0"?><A>1</A></xml>', /processing/],
  ])('rejects %s', (_name, input, message) => {
    expect(parseError(input).message).toMatch(message);
  });

  it('accepts the XML declaration, comments and markup-like text inside CDATA', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<xml><!-- note --><Content><![CDATA[<!DOCTYPE x><?php ?> &amp;]]></Content></xml>`;
    expect(parseXml(xml)).toEqual({ Content: '<!DOCTYPE x><?php ?> &amp;' });
  });

  it('rejects element names that would pollute prototypes', () => {
    parseError('<xml><__proto__><polluted>1</polluted></__proto__></xml>');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('parseXml: refuses malformed or foreign input', () => {
  it.each([
    ['truncated', '<xml><ToUserName><![CDATA[gh_1]]></ToUserName><Content><![CDATA[hel'],
    ['an unclosed root', '<xml><A>1</A>'],
    ['mismatched tags', '<xml><A>1</B></xml>'],
    ['JSON', '{"ToUserName":"gh_1","Encrypt":"abc"}'],
    ['the empty string', ''],
    ['plain text', 'success'],
    ['another root', '<root><A>1</A></root>'],
    ['two roots', '<xml><A>1</A></xml><xml><A>2</A></xml>'],
    ['text after the root', '<xml><A>1</A></xml>trailing'],
    ['a root holding only text', '<xml>hello</xml>'],
    ['mixed text and elements', '<xml>hello<A>1</A></xml>'],
    [
      'the typo in the official demo reply ("Descript  ion")',
      loadVectors<VectorEntry & { msg: string }>('msgcrypt').find((v) => v.id === 'ruby-wecheat')!.msg,
    ],
  ])('rejects %s', (_name, input) => {
    expect(parseError(input)).toBeInstanceOf(ParseError);
  });
});

describe('parseXml: size limit', () => {
  const doc = `<xml><Content><![CDATA[${'a'.repeat(100)}]]></Content></xml>`;

  it('accepts a body of exactly maxBytes and rejects one byte more', () => {
    const size = Buffer.byteLength(doc);
    expect(parseXml(doc, { maxBytes: size }).Content).toHaveLength(100);
    expect(parseError(doc, { maxBytes: size - 1 }).message).toMatch(/exceeds/);
    expect(parseError(Buffer.from(doc), { maxBytes: size - 1 }).message).toMatch(/exceeds/);
  });

  it('counts UTF-8 bytes, not characters', () => {
    const emoji = `<xml><Content><![CDATA[${'😀'.repeat(100)}]]></Content></xml>`;
    expect(parseError(emoji, { maxBytes: emoji.length + 10 }).message).toMatch(/exceeds/);
  });

  it('defaults to 1 MiB', () => {
    const big = `<xml><Content><![CDATA[${'a'.repeat(1024 * 1024)}]]></Content></xml>`;
    expect(parseError(big).message).toMatch(/exceeds/);
  });
});

describe('parseXml: WeChat shapes', () => {
  it('returns repeated <List> groups as an array, in order', () => {
    const event = parseXml(POPUP_EVENT);
    expect(event.SubscribeMsgPopupEvent).toEqual({
      List: [
        {
          TemplateId: 'VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc',
          SubscribeStatusString: 'accept',
          PopupScene: '2',
        },
        {
          TemplateId: '9nLIlbOQZC5Y89AZteFEux3WCXRRRG5Wfzkpssu4bLI',
          SubscribeStatusString: 'reject',
          PopupScene: '2',
        },
      ],
    });
  });

  it('returns a single <List> as a one-element array too', () => {
    const one = POPUP_EVENT.replace(
      /<List>(?:(?!<List>).)*<\/List><\/SubscribeMsgPopupEvent>/,
      '</SubscribeMsgPopupEvent>',
    );
    const list = (parseXml(one).SubscribeMsgPopupEvent as { List: unknown[] }).List;
    expect(list).toHaveLength(1);
  });

  it('nests ScanCodeInfo and keeps other fields as strings', () => {
    expect(parseXml(SCANCODE_EVENT)).toEqual({
      ToUserName: 'gh_e136c6e50636',
      FromUserName: 'oMgHVjngRipVsoxg6TuX3vz6glDg',
      CreateTime: '1408090502',
      MsgType: 'event',
      Event: 'scancode_push',
      EventKey: '6',
      ScanCodeInfo: { ScanType: 'qrcode', ScanResult: '1' },
    });
  });

  it('returns SendPicsInfo items as an array', () => {
    expect(parseXml(PIC_EVENT).SendPicsInfo).toEqual({
      Count: '1',
      PicList: { item: [{ PicMd5Sum: '1b5f7c23b5bf75682a53e7b6d163e185' }] },
    });
  });

  it('keeps a 64-bit MsgId exact', () => {
    const msg = parseXml('<xml><MsgId>9223372036854775807</MsgId><Zero>007</Zero></xml>');
    expect(msg).toEqual({ MsgId: '9223372036854775807', Zero: '007' });
  });

  it('returns empty elements as empty strings and an empty root as {}', () => {
    expect(parseXml('<xml><EventKey></EventKey><Ticket/><C><![CDATA[]]></C></xml>')).toEqual({
      EventKey: '',
      Ticket: '',
      C: '',
    });
    expect(parseXml('<xml></xml>')).toEqual({});
  });

  it('keeps CDATA verbatim (spaces, entities) and decodes entities in plain text', () => {
    const xml =
      '<xml><A><![CDATA[  two  spaces &amp; ]]></A><B>a &amp; b &lt;c&gt; &#20320; &#x1F600; &unknown;</B><MsgType>  <![CDATA[video]]></MsgType></xml>';
    expect(parseXml(xml)).toEqual({
      A: '  two  spaces &amp; ',
      B: 'a & b <c> 你 😀 &unknown;',
      MsgType: 'video',
    });
  });

  it('reads unicode and emoji from a Buffer with a BOM', () => {
    const buf = Buffer.from(
      '\uFEFF<xml><Content><![CDATA[你好 👋🏽 ]]]]><![CDATA[>]]></Content></xml>',
      'utf8',
    );
    expect(parseXml(buf)).toEqual({ Content: '你好 👋🏽 ]]>' });
  });

  it('lets callers choose which tags are always arrays', () => {
    expect(parseXml('<xml><A><B>1</B></A></xml>', { arrayTags: ['B'] })).toEqual({ A: { B: ['1'] } });
    expect(parseXml(POPUP_EVENT, { arrayTags: [] }).SubscribeMsgPopupEvent).toHaveProperty(
      'List.1.PopupScene',
      '2',
    );
  });

  it('parses every decrypted XML message of the msgcrypt vectors', () => {
    const xmlVectors = loadVectors<VectorEntry & { msg: string }>('msgcrypt').filter(
      (v) => v.msg.startsWith('<xml>') && v.id !== 'ruby-wecheat',
    );
    expect(xmlVectors.length).toBeGreaterThanOrEqual(5);
    const parsed = Object.fromEntries(xmlVectors.map((v) => [v.id, parseXml(v.msg)]));
    expect(parsed['powerwechat-wecom-real-message']).toMatchObject({
      Content: '密文测试',
      MsgId: '6972028683187026694',
    });
    expect(parsed['wechatpy-work-decrypt']).toMatchObject({
      MsgId: '4363689963896700987',
      FromUserName: 'messense',
    });
    expect(parsed['ruby-wewhisper']).toMatchObject({
      MsgType: 'video',
      Video: { Title: 'testCallBackReplyVideo' },
    });
  });
});

describe('parseXml: mutation fuzzing', () => {
  // A fixed-seed generator keeps failures reproducible.
  function prng(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state / 0x100000000;
    };
  }
  const pieces = [
    '<',
    '>',
    '/',
    '!',
    '?',
    '[',
    ']',
    '&',
    ';',
    '<![CDATA[',
    ']]>',
    '<!DOCTYPE x>',
    '<!--',
    '-->',
    '"',
    '\u0000',
    '😀',
  ];

  it('only ever returns a record or throws ParseError for 3000 mutated WeChat documents', () => {
    const random = prng(20240501);
    const seeds = [POPUP_EVENT, SCANCODE_EVENT, PIC_EVENT];
    let rejected = 0;
    for (let i = 0; i < 3000; i++) {
      let doc = seeds[i % seeds.length]!;
      for (let m = 0; m < 1 + Math.floor(random() * 3); m++) {
        const at = Math.floor(random() * doc.length);
        const op = random();
        if (op < 0.3) doc = doc.slice(0, at);
        else if (op < 0.6) doc = doc.slice(0, at) + doc.slice(at + 1 + Math.floor(random() * 8));
        else doc = doc.slice(0, at) + pieces[Math.floor(random() * pieces.length)]! + doc.slice(at);
      }
      try {
        const out = parseXml(doc);
        expect(typeof out).toBe('object');
        expect(out.DOCTYPE).toBeUndefined();
      } catch (e) {
        expect(e).toBeInstanceOf(ParseError);
        rejected++;
      }
    }
    expect(rejected).toBeGreaterThan(1000);
  });
});

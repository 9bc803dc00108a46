import { describe, it, expect } from 'vitest';
import { buildXml, xmlItems } from './build-xml.js';
import { parseXml } from './parse-xml.js';

const HEAD = { ToUserName: 'toUser', FromUserName: 'fromUser', CreateTime: 12345678 };
const HEAD_XML =
  '<ToUserName><![CDATA[toUser]]></ToUserName><FromUserName><![CDATA[fromUser]]></FromUserName><CreateTime>12345678</CreateTime>';

describe('buildXml: passive replies as documented', () => {
  it('writes a text reply exactly like the official example', () => {
    expect(buildXml({ ...HEAD, MsgType: 'text', Content: '你好' })).toBe(
      `<xml>${HEAD_XML}<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[你好]]></Content></xml>`,
    );
  });

  it('nests groups (image reply)', () => {
    expect(buildXml({ ...HEAD, MsgType: 'image', Image: { MediaId: 'media_id' } })).toBe(
      `<xml>${HEAD_XML}<MsgType><![CDATA[image]]></MsgType><Image><MediaId><![CDATA[media_id]]></MediaId></Image></xml>`,
    );
  });

  it('writes news Articles as <item> children with xmlItems', () => {
    const articles = [{ Title: 'title1', Description: 'description1', PicUrl: 'picurl', Url: 'url' }];
    const xml = buildXml({ ...HEAD, MsgType: 'news', ArticleCount: 1, Articles: xmlItems(articles) });
    expect(xml).toBe(
      `<xml>${HEAD_XML}<MsgType><![CDATA[news]]></MsgType><ArticleCount>1</ArticleCount><Articles><item><Title><![CDATA[title1]]></Title><Description><![CDATA[description1]]></Description><PicUrl><![CDATA[picurl]]></PicUrl><Url><![CDATA[url]]></Url></item></Articles></xml>`,
    );
  });

  it('repeats an element for an array value and round-trips through parseXml', () => {
    const articles = [{ Title: 'a' }, { Title: 'b' }];
    const xml = buildXml({
      Articles: xmlItems(articles),
      List: [{ TemplateId: 't1' }, { TemplateId: 't2' }],
    });
    expect(xml).toBe(
      '<xml><Articles><item><Title><![CDATA[a]]></Title></item><item><Title><![CDATA[b]]></Title></item></Articles>' +
        '<List><TemplateId><![CDATA[t1]]></TemplateId></List><List><TemplateId><![CDATA[t2]]></TemplateId></List></xml>',
    );
    expect(parseXml(xml)).toEqual({
      Articles: { item: articles },
      List: [{ TemplateId: 't1' }, { TemplateId: 't2' }],
    });
  });
});

describe('buildXml: content', () => {
  it('splits "]]>" inside text across CDATA sections', () => {
    expect(buildXml({ Content: 'a]]>b' })).toBe(
      '<xml><Content><![CDATA[a]]]]><![CDATA[>b]]></Content></xml>',
    );
  });

  it.each(['a]]>b', ']]>', ']]>]]>', 'x]]]>y', '<![CDATA[inner]]>', '你好 👋🏽 & <tag> "q"', '', '  padded  '])(
    'round-trips %j through parseXml',
    (text) => {
      expect(parseXml(buildXml({ Content: text }))).toEqual({ Content: text });
    },
  );

  it('writes numbers and bigints bare and keeps a 64-bit id exact', () => {
    const xml = buildXml({ CreateTime: 1700000000, MsgId: 9223372036854775807n, Neg: -1 });
    expect(xml).toBe(
      '<xml><CreateTime>1700000000</CreateTime><MsgId>9223372036854775807</MsgId><Neg>-1</Neg></xml>',
    );
    expect(parseXml(xml).MsgId).toBe('9223372036854775807');
  });

  it('leaves out null and undefined fields', () => {
    expect(buildXml({ A: 'x', B: undefined, C: null, D: { E: undefined } })).toBe(
      '<xml><A><![CDATA[x]]></A><D></D></xml>',
    );
  });
});

describe('buildXml: invalid input', () => {
  it.each(['', '1abc', 'a-b', 'a b', 'a:b', '<x>', 'é', 'A\n'])('rejects the element name %j', (name) => {
    expect(() => buildXml({ [name]: 'x' })).toThrow(TypeError);
    expect(() => buildXml({ Ok: { [name]: 'x' } })).toThrow(TypeError);
  });

  it('rejects an invalid item tag, non-finite numbers and nested arrays', () => {
    expect(() => xmlItems([], 'bad tag')).toThrow(TypeError);
    expect(() => buildXml({ N: Number.NaN })).toThrow(TypeError);
    expect(() => buildXml({ N: Infinity })).toThrow(TypeError);
    expect(() => buildXml({ L: [['a']] })).toThrow(TypeError);
  });
});

import { describe, it, expect } from 'vitest';
import { createMsgCipher, verifyCallback } from '../kernel/crypto/index.js';
import { parseXml } from '../kernel/xml/index.js';
import {
  replyImage,
  replyMusic,
  replyNews,
  replyText,
  replyTransferCustomerService,
  replyVideo,
  replyVoice,
} from './build-reply.js';
import { parseJsonBody } from './parse-json-body.js';
import { renderReply, serializeReply, type RenderReplyOptions } from './render-reply.js';
import type { NewsArticle, NewsReply } from './reply.types.js';

const INBOUND = { ToUserName: 'gh_account', FromUserName: 'o_user' };
const AT = 12345678;
const HEAD_XML =
  '<ToUserName><![CDATA[o_user]]></ToUserName><FromUserName><![CDATA[gh_account]]></FromUserName><CreateTime>12345678</CreateTime>';
const PLAIN: RenderReplyOptions = { mode: 'plain', format: 'xml', token: 't', nonce: 'n', timestamp: 1 };
const article = (i: number): NewsArticle => ({
  Title: `t${i}`,
  Description: `d${i}`,
  PicUrl: `p${i}`,
  Url: `u${i}`,
});

const CASES = [
  [
    'text',
    replyText(INBOUND, '你好', AT),
    '<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[你好]]></Content>',
  ],
  [
    'image',
    replyImage(INBOUND, 'media_id', AT),
    '<MsgType><![CDATA[image]]></MsgType><Image><MediaId><![CDATA[media_id]]></MediaId></Image>',
  ],
  [
    'voice',
    replyVoice(INBOUND, 'media_id', AT),
    '<MsgType><![CDATA[voice]]></MsgType><Voice><MediaId><![CDATA[media_id]]></MediaId></Voice>',
  ],
  [
    'video',
    replyVideo(INBOUND, { MediaId: 'media_id', Title: 'title', Description: 'description' }, AT),
    '<MsgType><![CDATA[video]]></MsgType><Video><MediaId><![CDATA[media_id]]></MediaId><Title><![CDATA[title]]></Title><Description><![CDATA[description]]></Description></Video>',
  ],
  [
    'music',
    replyMusic(
      INBOUND,
      {
        Title: 'TITLE',
        Description: 'DESCRIPTION',
        MusicUrl: 'MUSIC_Url',
        HQMusicUrl: 'HQ_MUSIC_Url',
        ThumbMediaId: 'media_id',
      },
      AT,
    ),
    '<MsgType><![CDATA[music]]></MsgType><Music><Title><![CDATA[TITLE]]></Title><Description><![CDATA[DESCRIPTION]]></Description><MusicUrl><![CDATA[MUSIC_Url]]></MusicUrl><HQMusicUrl><![CDATA[HQ_MUSIC_Url]]></HQMusicUrl><ThumbMediaId><![CDATA[media_id]]></ThumbMediaId></Music>',
  ],
  [
    'news',
    replyNews(INBOUND, [{ Title: 'title1', Description: 'description1', PicUrl: 'picurl', Url: 'url' }], AT),
    '<MsgType><![CDATA[news]]></MsgType><ArticleCount>1</ArticleCount><Articles><item><Title><![CDATA[title1]]></Title><Description><![CDATA[description1]]></Description><PicUrl><![CDATA[picurl]]></PicUrl><Url><![CDATA[url]]></Url></item></Articles>',
  ],
  [
    'transfer_customer_service',
    replyTransferCustomerService(INBOUND, undefined, AT),
    '<MsgType><![CDATA[transfer_customer_service]]></MsgType>',
  ],
  [
    'transfer_customer_service to one account',
    replyTransferCustomerService(INBOUND, 'kf2001@gh_account', AT),
    '<MsgType><![CDATA[transfer_customer_service]]></MsgType><TransInfo><KfAccount><![CDATA[kf2001@gh_account]]></KfAccount></TransInfo>',
  ],
] as const;

describe('renderReply: plaintext', () => {
  it.each(CASES)(
    'renders a %s reply as the documented XML, addressed back to the sender',
    (_name, reply, tail) => {
      expect(renderReply(reply, PLAIN)).toEqual({
        contentType: 'application/xml; charset=utf-8',
        body: `<xml>${HEAD_XML}${tail}</xml>`,
      });
    },
  );

  it.each(CASES)('renders a %s reply as JSON with the same fields', (_name, reply) => {
    const rendered = renderReply(reply, { ...PLAIN, format: 'json' });
    expect(rendered.contentType).toBe('application/json; charset=utf-8');
    const parsed = JSON.parse(rendered.body) as Record<string, unknown>;
    expect(parsed).toEqual(reply);
    expect(parsed.CreateTime).toBe(AT);
    expect(parsed.ToUserName).toBe('o_user');
  });

  it('keeps "]]>", markup and emoji intact in XML and JSON', () => {
    const tricky = 'a]]>b <x> & "q" 👋🏽 ]]]]>';
    const reply = replyText(INBOUND, tricky, AT);
    expect(parseXml(renderReply(reply, PLAIN).body).Content).toBe(tricky);
    expect(parseJsonBody(renderReply(reply, { ...PLAIN, format: 'json' }).body).Content).toBe(tricky);
    const news = replyNews(INBOUND, [{ Title: ']]>👍', Url: 'http://x/?a=1&b=2' }], AT);
    expect(parseXml(renderReply(news, PLAIN).body).Articles).toEqual({
      item: [{ Title: ']]>👍', Url: 'http://x/?a=1&b=2' }],
    });
  });

  it('writes news Articles as a JSON array', () => {
    const body = renderReply(replyNews(INBOUND, [article(1), article(2)], AT), {
      ...PLAIN,
      format: 'json',
    }).body;
    expect(JSON.parse(body)).toMatchObject({ ArticleCount: 2, Articles: [article(1), article(2)] });
  });

  it('sends success, empty and no answer unencrypted, whatever the mode', () => {
    const cipher = createMsgCipher({ aesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', appid: 'wx1' });
    const safe = { ...PLAIN, mode: 'safe' as const, cipher };
    expect(renderReply('success', safe)).toEqual({
      contentType: 'text/plain; charset=utf-8',
      body: 'success',
    });
    expect(renderReply(undefined, safe)).toEqual({
      contentType: 'text/plain; charset=utf-8',
      body: 'success',
    });
    expect(renderReply('', safe)).toEqual({ contentType: 'text/plain; charset=utf-8', body: '' });
  });
});

describe('renderReply: news limits and malformed replies', () => {
  it('builds 8 articles and rejects 9 or none', () => {
    expect(
      replyNews(
        INBOUND,
        Array.from({ length: 8 }, (_, i) => article(i)),
        AT,
      ).ArticleCount,
    ).toBe(8);
    expect(() =>
      replyNews(
        INBOUND,
        Array.from({ length: 9 }, (_, i) => article(i)),
        AT,
      ),
    ).toThrow(RangeError);
    expect(() => replyNews(INBOUND, [], AT)).toThrow(RangeError);
  });

  it('rejects a hand-built news reply with 9 articles or a wrong ArticleCount', () => {
    const nine: NewsReply = {
      ...replyNews(INBOUND, [article(0)], AT),
      ArticleCount: 9,
      Articles: Array.from({ length: 9 }, (_, i) => article(i)),
    };
    expect(() => renderReply(nine, PLAIN)).toThrow(RangeError);
    const miscounted: NewsReply = { ...replyNews(INBOUND, [article(0)], AT), ArticleCount: 2 };
    expect(() => serializeReply(miscounted, 'json')).toThrow(/ArticleCount/);
  });

  it('rejects an unknown reply type and a safe-mode render without a cipher', () => {
    const bogus = { ...replyText(INBOUND, 'x', AT), MsgType: 'card' } as unknown as ReturnType<
      typeof replyText
    >;
    expect(() => renderReply(bogus, PLAIN)).toThrow(TypeError);
    expect(() => renderReply(replyText(INBOUND, 'x', AT), { ...PLAIN, mode: 'safe' })).toThrow(/cipher/);
  });

  it('answers compatible mode in plaintext', () => {
    expect(renderReply(replyText(INBOUND, 'x', AT), { ...PLAIN, mode: 'compatible' }).body).toContain(
      '<Content><![CDATA[x]]></Content>',
    );
  });
});

describe('renderReply: safe mode', () => {
  const aesKey = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
  const cipher = createMsgCipher({ aesKey, appid: 'wxb11529c136998cb6' });
  const options: RenderReplyOptions = {
    mode: 'safe',
    format: 'xml',
    cipher,
    token: 'pamtest',
    nonce: '260774613',
    timestamp: 1700000000,
  };

  it('encrypts the XML reply into the official envelope whose MsgSignature verifies', () => {
    const reply = replyText(INBOUND, '你好 ]]> 👋', AT);
    const rendered = renderReply(reply, options);
    expect(rendered.contentType).toBe('application/xml; charset=utf-8');
    expect(rendered.body).toMatch(
      /^<xml>\n<Encrypt><!\[CDATA\[[A-Za-z0-9+/=]+\]\]><\/Encrypt>\n<MsgSignature>/,
    );
    const envelope = parseXml(rendered.body) as Record<string, string>;
    expect(envelope.TimeStamp).toBe('1700000000');
    expect(envelope.Nonce).toBe('260774613');
    const signed = verifyCallback({
      token: 'pamtest',
      timestamp: envelope.TimeStamp!,
      nonce: envelope.Nonce!,
      signature: envelope.MsgSignature!,
      encrypt: envelope.Encrypt,
    });
    expect(signed).toBe(true);
    expect(
      verifyCallback({
        token: 'other',
        timestamp: envelope.TimeStamp!,
        nonce: envelope.Nonce!,
        signature: envelope.MsgSignature!,
        encrypt: envelope.Encrypt,
      }),
    ).toBe(false);
    const { message, appid } = cipher.decrypt(envelope.Encrypt!);
    expect(appid).toBe('wxb11529c136998cb6');
    expect(message).toBe(serializeReply(reply, 'xml'));
    expect(parseXml(message)).toMatchObject({ ToUserName: 'o_user', Content: '你好 ]]> 👋' });
  });

  it('encrypts a JSON reply into the JSON envelope (TimeStamp a number)', () => {
    const reply = replyTransferCustomerService(INBOUND, undefined, AT);
    const rendered = renderReply(reply, { ...options, format: 'json' });
    const envelope = JSON.parse(rendered.body) as {
      Encrypt: string;
      MsgSignature: string;
      TimeStamp: number;
      Nonce: string;
    };
    expect(envelope.TimeStamp).toBe(1700000000);
    expect(
      verifyCallback({
        token: 'pamtest',
        timestamp: '1700000000',
        nonce: envelope.Nonce,
        signature: envelope.MsgSignature,
        encrypt: envelope.Encrypt,
      }),
    ).toBe(true);
    expect(JSON.parse(cipher.decrypt(envelope.Encrypt).message)).toEqual(reply);
  });

  it('is byte-exact for a fixed random prefix', () => {
    const reply = replyText(INBOUND, 'x', AT);
    const random16 = Buffer.from('HLFOQjbkfgUh46s8', 'latin1');
    const a = renderReply(reply, { ...options, random16 }).body;
    expect(renderReply(reply, { ...options, random16 }).body).toBe(a);
    expect(parseXml(a).Encrypt).toBe(cipher.encrypt(serializeReply(reply, 'xml'), random16));
  });
});

import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { ParseError } from '../kernel/errors/index.js';
import { parseXml } from '../kernel/xml/index.js';
import type { CallbackRecord } from './callback-record.types.js';
import { parseJsonBody } from './parse-json-body.js';
import { isKnownMessage, parseMessage } from './parse-message.js';
import type { InboundMessage } from './message.types.js';

function fixture(name: string): string {
  return readFileSync(new URL(`../../test/fixtures/callback/${name}`, import.meta.url), 'utf8');
}

function both(name: string): [InboundMessage, InboundMessage] {
  return [
    parseMessage(parseXml(fixture(`${name}.xml`))),
    parseMessage(parseJsonBody(fixture(`${name}.json`))),
  ];
}

const HEAD = {
  ToUserName: 'gh_e136c6e50636',
  FromUserName: 'oMgHVjngRipVsoxg6TuX3vz6glDg',
  CreateTime: '1348831860',
};
const POPUP_LIST = [
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
];

const CASES: [string, Record<string, unknown>][] = [
  ['text', { MsgType: 'text', Content: 'this is a test', MsgId: '9223372036854775807' }],
  [
    'image',
    {
      MsgType: 'image',
      PicUrl: 'http://mmbiz.qpic.cn/pic.jpg',
      MediaId: 'media_id_image',
      MsgId: '1234567890123456',
    },
  ],
  ['voice', { MsgType: 'voice', MediaId: 'media_id_voice', Format: 'amr', Recognition: '腾讯微信团队' }],
  ['video', { MsgType: 'video', MediaId: 'media_id_video', ThumbMediaId: 'thumb_media_id' }],
  ['shortvideo', { MsgType: 'shortvideo', MediaId: 'media_id_short', ThumbMediaId: 'thumb_media_id' }],
  [
    'location',
    {
      MsgType: 'location',
      Location_X: '23.134521',
      Location_Y: '113.358803',
      Scale: '20',
      Label: '位置信息',
    },
  ],
  [
    'link',
    {
      MsgType: 'link',
      Title: '公众平台官网链接',
      Url: 'https://mp.weixin.qq.com',
      MsgId: '1234567890123461',
    },
  ],
  ['event-subscribe', { MsgType: 'event', Event: 'subscribe' }],
  [
    'event-subscribe-qrscene',
    { Event: 'subscribe', EventKey: 'qrscene_123123', Ticket: 'TICKET', qrScene: '123123' },
  ],
  ['event-unsubscribe', { Event: 'unsubscribe' }],
  ['event-scan', { Event: 'SCAN', EventKey: '123123', Ticket: 'TICKET', qrScene: '123123' }],
  [
    'event-location',
    { Event: 'LOCATION', Latitude: '23.137466', Longitude: '113.352425', Precision: '119.385040' },
  ],
  ['event-click', { Event: 'CLICK', EventKey: 'V1001_TODAY_MUSIC' }],
  ['event-view', { Event: 'VIEW', EventKey: 'http://www.example.com/', MenuId: '208379533' }],
  ...(['scancode_push', 'scancode_waitmsg'] as const).map((event): [string, Record<string, unknown>] => [
    `event-${event}`,
    {
      Event: event,
      EventKey: 'rselfmenu_0_1',
      ScanCodeInfo: { ScanType: 'qrcode', ScanResult: 'http://weixin.qq.com/r/x' },
    },
  ]),
  [
    'event-pic_sysphoto',
    {
      Event: 'pic_sysphoto',
      SendPicsInfo: { Count: '1', PicList: { item: [{ PicMd5Sum: '1b5f7c23b5bf75682a53e7b6d163e185' }] } },
    },
  ],
  [
    'event-pic_photo_or_album',
    {
      Event: 'pic_photo_or_album',
      SendPicsInfo: {
        Count: '2',
        PicList: {
          item: [
            { PicMd5Sum: '5a75aaca956d97be686719218f275c6b' },
            { PicMd5Sum: 'a7f3f0ab5a0a3d6b2c1e1b9e0c3b1f34' },
          ],
        },
      },
    },
  ],
  ['event-pic_weixin', { Event: 'pic_weixin', EventKey: 'rselfmenu_1_2' }],
  [
    'event-location_select',
    {
      Event: 'location_select',
      SendLocationInfo: {
        Location_X: '23',
        Location_Y: '113',
        Scale: '15',
        Label: '广州市海珠区客村艺苑路 106号',
        Poiname: '',
      },
    },
  ],
  ['event-templatesendjobfinish', { Event: 'TEMPLATESENDJOBFINISH', MsgID: '200163836', Status: 'success' }],
  ['event-subscribe_msg_popup_event', { Event: 'subscribe_msg_popup_event', List: POPUP_LIST }],
  [
    'event-subscribe_msg_change_event',
    {
      Event: 'subscribe_msg_change_event',
      List: [{ TemplateId: 'VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc', SubscribeStatusString: 'reject' }],
    },
  ],
  [
    'event-subscribe_msg_sent_event',
    {
      Event: 'subscribe_msg_sent_event',
      List: [
        {
          TemplateId: 'VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc',
          MsgID: '1700827132819554304',
          ErrorCode: '0',
          ErrorStatus: 'success',
        },
      ],
    },
  ],
];

describe('parseMessage: every typed message and event, from XML and from JSON', () => {
  it.each(CASES)('types %s the same way from both formats', (name, expected) => {
    for (const message of both(name)) {
      expect(isKnownMessage(message)).toBe(true);
      expect(message).toMatchObject({ ...HEAD, ...expected });
      if (name === 'event-subscribe') expect(message).not.toHaveProperty('qrScene');
    }
  });

  it('keeps the 64-bit MsgId of a JSON push digit for digit', () => {
    const [, json] = both('text');
    expect((json as { MsgId: string }).MsgId).toBe('9223372036854775807');
  });

  it('keeps fields it does not type (MsgDataId, Idx) on a typed message', () => {
    const record: CallbackRecord = {
      ...HEAD,
      MsgType: 'text',
      Content: 'x',
      MsgId: '1',
      MsgDataId: '99',
      Idx: '1',
    };
    expect(parseMessage(record)).toMatchObject({ MsgDataId: '99', Idx: '1', Content: 'x' });
  });

  it('normalises a JSON subscribe-message List sent as one object to an array', () => {
    const body = `{"ToUserName":"gh_1","FromUserName":"o1","CreateTime":1,"MsgType":"event","Event":"subscribe_msg_change_event","List":{"TemplateId":"T1","SubscribeStatusString":"reject"}}`;
    expect(parseMessage(parseJsonBody(body))).toMatchObject({
      List: [{ TemplateId: 'T1', SubscribeStatusString: 'reject' }],
    });
  });

  it('reads a single XML <List> as an array of one', () => {
    const [xml] = both('event-subscribe_msg_change_event');
    expect((xml as { List: unknown[] }).List).toHaveLength(1);
  });
});

describe('parseMessage: unknown and malformed input', () => {
  it.each(['unknown-miniprogrampage', 'unknown-event'])(
    'passes %s through untyped with its record',
    (name) => {
      for (const message of both(name)) {
        expect(isKnownMessage(message)).toBe(false);
        expect(message).toMatchObject({ untyped: true, ...HEAD });
      }
      const [xml] = both('unknown-event');
      expect(xml).toMatchObject({
        MsgType: 'event',
        Event: 'user_enter_tempsession',
        record: { SessionFrom: 'wxapp' },
      });
    },
  );

  it('passes a record without MsgType through untyped (the container path check)', () => {
    expect(parseMessage({ action: 'CheckContainerPath' })).toEqual({
      untyped: true,
      ToUserName: '',
      FromUserName: '',
      CreateTime: '',
      MsgType: '',
      record: { action: 'CheckContainerPath' },
    });
  });

  it.each([
    ['a text message without MsgId', { ...HEAD, MsgType: 'text', Content: 'x' }, /MsgId is missing/],
    [
      'a text Content that is a group',
      { ...HEAD, MsgType: 'text', Content: { a: 'b' }, MsgId: '1' },
      /Content is not text/,
    ],
    ['a CLICK without EventKey', { ...HEAD, MsgType: 'event', Event: 'CLICK' }, /EventKey is missing/],
    [
      'a scancode event without ScanCodeInfo',
      { ...HEAD, MsgType: 'event', Event: 'scancode_push', EventKey: 'k' },
      /ScanCodeInfo/,
    ],
    [
      'a known type without FromUserName',
      { ToUserName: 'gh', CreateTime: '1', MsgType: 'image', MsgId: '1', PicUrl: 'u', MediaId: 'm' },
      /FromUserName/,
    ],
    [
      'a List holding text',
      { ...HEAD, MsgType: 'event', Event: 'subscribe_msg_sent_event', List: ['x'] },
      /List/,
    ],
  ] as [string, CallbackRecord, RegExp][])('rejects %s with ParseError', (_name, record, message) => {
    expect(() => parseMessage(record)).toThrow(ParseError);
    expect(() => parseMessage(record)).toThrow(message);
  });
});

/** @module Sensible default fields of each user message and event the simulated user can send. */
import { createHash, randomBytes } from 'node:crypto';
import type { WireRecord } from './send-record.types.js';

type Defaults = (mediaId: string) => WireRecord;

// Media ids of real pushes are ~64 URL-safe characters; only their shape matters to the receiver.
export function mintMediaId(): string {
  return randomBytes(48).toString('base64url');
}

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

const video: Defaults = (id) => ({ MediaId: id, ThumbMediaId: `${id.slice(0, 40)}_thumb` });

export const MESSAGE_DEFAULTS: Readonly<Record<string, Defaults>> = {
  text: () => ({}),
  image: (id) => ({ PicUrl: `http://mmbiz.qpic.cn/mmbiz_jpg/${id.slice(0, 32)}/0`, MediaId: id }),
  voice: (id) => ({ MediaId: id, Format: 'amr' }),
  video,
  shortvideo: video,
  location: () => ({ Location_X: '23.134521', Location_Y: '113.358803', Scale: '20', Label: '位置信息' }),
  link: () => ({ Title: 'link', Description: '', Url: 'https://mp.weixin.qq.com' }),
};

const menuPics: Defaults = (id) => ({
  EventKey: 'rselfmenu_1_0',
  SendPicsInfo: { PicList: [{ PicMd5Sum: md5(id) }] },
});
const scanCode: Defaults = () => ({
  EventKey: 'rselfmenu_0_0',
  ScanCodeInfo: { ScanType: 'qrcode', ScanResult: 'https://weixin.qq.com/r/emulator' },
});

export const EVENT_DEFAULTS: Readonly<Record<string, Defaults>> = {
  subscribe: () => ({}),
  unsubscribe: () => ({}),
  SCAN: (id) => ({ EventKey: '1', Ticket: id }),
  LOCATION: () => ({ Latitude: '23.137466', Longitude: '113.352425', Precision: '119.385040' }),
  CLICK: () => ({ EventKey: 'CLICK' }),
  VIEW: () => ({ EventKey: 'https://mp.weixin.qq.com' }),
  scancode_push: scanCode,
  scancode_waitmsg: scanCode,
  pic_sysphoto: menuPics,
  pic_photo_or_album: menuPics,
  pic_weixin: menuPics,
  location_select: () => ({
    EventKey: 'rselfmenu_2_0',
    SendLocationInfo: {
      Location_X: '23',
      Location_Y: '113',
      Scale: '15',
      Label: '广州市海珠区',
      Poiname: '',
    },
  }),
  TEMPLATESENDJOBFINISH: () => ({
    MsgID: String(100_000_000 + randomBytes(3).readUIntBE(0, 3)),
    Status: 'success',
  }),
  subscribe_msg_popup_event: () => ({}),
  subscribe_msg_change_event: () => ({}),
  subscribe_msg_sent_event: () => ({}),
};

/** XML wraps the `<List>` groups of subscribe-message events in an element named after the event. */
export const LIST_WRAPPERS: Readonly<Record<string, string>> = {
  subscribe_msg_popup_event: 'SubscribeMsgPopupEvent',
  subscribe_msg_change_event: 'SubscribeMsgChangeEvent',
  subscribe_msg_sent_event: 'SubscribeMsgSentEvent',
};

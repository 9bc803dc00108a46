/** @module Typed inbound messages and events (discriminated on `MsgType`, then `Event`); wire names, string values. */
import type { CallbackRecord } from './callback-record.types.js';

/** Fields every push carries. CreateTime stays a string of digits like every wire value. */
export interface MessageHead {
  /** The account's original id (gh_…) for Official Accounts, the Mini Program's for push. */
  ToUserName: string;
  /** The user's openid. */
  FromUserName: string;
  CreateTime: string;
}

interface UserMessage extends MessageHead {
  /** 64-bit id as a string (the dedupe key of ordinary messages). */
  MsgId: string;
}

export interface TextMessage extends UserMessage {
  MsgType: 'text';
  Content: string;
}
export interface ImageMessage extends UserMessage {
  MsgType: 'image';
  PicUrl: string;
  MediaId: string;
}
export interface VoiceMessage extends UserMessage {
  MsgType: 'voice';
  MediaId: string;
  Format: string;
  /** Speech recognition result, when the account has it turned on. */
  Recognition?: string;
}
export interface VideoMessage extends UserMessage {
  MsgType: 'video';
  MediaId: string;
  ThumbMediaId: string;
}
export interface ShortVideoMessage extends UserMessage {
  MsgType: 'shortvideo';
  MediaId: string;
  ThumbMediaId: string;
}
export interface LocationMessage extends UserMessage {
  MsgType: 'location';
  Location_X: string;
  Location_Y: string;
  Scale: string;
  Label: string;
}
export interface LinkMessage extends UserMessage {
  MsgType: 'link';
  Title: string;
  Description: string;
  Url: string;
}

interface EventHead extends MessageHead {
  MsgType: 'event';
}

export interface SubscribeEvent extends EventHead {
  Event: 'subscribe';
  /** `qrscene_<scene>` when the user followed by scanning a parametric QR code. */
  EventKey?: string;
  Ticket?: string;
  /** Derived: the QR scene (EventKey without `qrscene_`), when there is one. */
  qrScene?: string;
}
export interface UnsubscribeEvent extends EventHead {
  Event: 'unsubscribe';
  EventKey?: string;
}
export interface ScanEvent extends EventHead {
  Event: 'SCAN';
  /** The scene value (scene_id or scene_str) of the QR code, without prefix. */
  EventKey: string;
  Ticket?: string;
  /** Derived: the same scene as on a subscribe event, for one code path. */
  qrScene: string;
}
export interface LocationEvent extends EventHead {
  Event: 'LOCATION';
  Latitude: string;
  Longitude: string;
  Precision: string;
}
export interface ClickEvent extends EventHead {
  Event: 'CLICK';
  EventKey: string;
}
export interface ViewEvent extends EventHead {
  Event: 'VIEW';
  EventKey: string;
  MenuId?: string;
}

export interface ScanCodeInfo {
  ScanType: string;
  ScanResult: string;
}
export interface ScanCodeEvent extends EventHead {
  Event: 'scancode_push' | 'scancode_waitmsg';
  EventKey: string;
  ScanCodeInfo: ScanCodeInfo;
}

export interface SendPicsItem {
  PicMd5Sum: string;
}
export interface SendPicsInfo {
  Count: string;
  /** Always an array, also for a single picture. */
  PicList: { item: SendPicsItem[] };
}
export interface PicEvent extends EventHead {
  Event: 'pic_sysphoto' | 'pic_photo_or_album' | 'pic_weixin';
  EventKey: string;
  SendPicsInfo: SendPicsInfo;
}

export interface SendLocationInfo {
  Location_X: string;
  Location_Y: string;
  Scale: string;
  Label: string;
  Poiname?: string;
}
export interface LocationSelectEvent extends EventHead {
  Event: 'location_select';
  EventKey: string;
  SendLocationInfo: SendLocationInfo;
}

export interface TemplateSendJobFinishEvent extends EventHead {
  Event: 'TEMPLATESENDJOBFINISH';
  /** Note the capital D: the template message id, not a MsgId. */
  MsgID: string;
  /** `success`, `failed:user block`, `failed: system failed`. */
  Status: string;
}

/** One `<List>` group of a subscribe-message event; which fields appear depends on the event. */
export interface SubscribeMsgItem {
  TemplateId: string;
  SubscribeStatusString?: string;
  PopupScene?: string;
  MsgID?: string;
  ErrorCode?: string;
  ErrorStatus?: string;
}
interface SubscribeMsgEventHead extends EventHead {
  /**
   * Derived: every `<List>` group as an array. XML nests them under a wrapper element
   * (SubscribeMsgPopupEvent…); JSON push puts `List` at the top, as an object for one, an array for more.
   */
  List: SubscribeMsgItem[];
}
export interface SubscribeMsgPopupEvent extends SubscribeMsgEventHead {
  Event: 'subscribe_msg_popup_event';
}
export interface SubscribeMsgChangeEvent extends SubscribeMsgEventHead {
  Event: 'subscribe_msg_change_event';
}
export interface SubscribeMsgSentEvent extends SubscribeMsgEventHead {
  Event: 'subscribe_msg_sent_event';
}

export type UserMessageType = 'text' | 'image' | 'voice' | 'video' | 'shortvideo' | 'location' | 'link';

export type KnownUserMessage =
  | TextMessage
  | ImageMessage
  | VoiceMessage
  | VideoMessage
  | ShortVideoMessage
  | LocationMessage
  | LinkMessage;

export type KnownEvent =
  | SubscribeEvent
  | UnsubscribeEvent
  | ScanEvent
  | LocationEvent
  | ClickEvent
  | ViewEvent
  | ScanCodeEvent
  | PicEvent
  | LocationSelectEvent
  | TemplateSendJobFinishEvent
  | SubscribeMsgPopupEvent
  | SubscribeMsgChangeEvent
  | SubscribeMsgSentEvent;

export type KnownEventName = KnownEvent['Event'];

/** A push whose MsgType/Event wegate does not type: the record as received, plus the head fields. */
export interface UntypedMessage extends MessageHead {
  /** Marks the record as not typed; typed messages never carry it. */
  untyped: true;
  MsgType: string;
  Event?: string;
  /** Every field as received. */
  record: CallbackRecord;
}

export type KnownMessage = KnownUserMessage | KnownEvent;
export type InboundMessage = KnownMessage | UntypedMessage;

/** The message type for `MsgType` T (or event E), for typed handlers. */
export type MessageOfType<T extends UserMessageType> = Extract<KnownUserMessage, { MsgType: T }>;
export type EventOfName<E extends KnownEventName> = Extract<KnownEvent, { Event: E }>;

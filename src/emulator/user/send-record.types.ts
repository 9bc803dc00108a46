/** @module What the simulated user did and saw: push deliveries, outcomes, inbox entries, follower state. */

/** One HTTP POST of a push: the status when an answer came, else the transport error. */
export interface PushDelivery {
  readonly attempt: number;
  readonly status?: number;
  readonly error?: string;
  readonly ms: number;
}

/**
 * `replied`: a valid passive reply was shown; `nothing`: `success`/empty; `error`: the reply was
 * invalid and WeChat's error text was shown; `undelivered`: no HTTP 200 after the last attempt.
 */
export type SendOutcome = 'replied' | 'nothing' | 'error' | 'undelivered';

/** A plain object view of a message (push or reply), wire field names. */
export type WireRecord = Record<string, unknown>;

export interface SendRecord {
  readonly id: string;
  readonly appid: string;
  readonly openid: string;
  /** Emulator time (epoch ms) the user acted. */
  readonly at: number;
  /** The push as built (canonical form: numbers and 64-bit ids as strings of digits). */
  readonly push: WireRecord;
  readonly deliveries: PushDelivery[];
  state: 'pending' | 'done';
  outcome?: SendOutcome;
  /** The reply as the user saw it. */
  shown?: WireRecord;
  /** Why the reply was rejected, or why nothing arrived. */
  error?: string;
}

/** What a user was shown by an app, in order; `via` says how (`passive`, `error`, later `custom`, `template`…). */
export interface InboxEntry {
  readonly seq: number;
  readonly at: number;
  readonly via: string;
  readonly message: WireRecord;
}

export interface FollowerState {
  readonly appid: string;
  readonly openid: string;
  following: boolean;
  subscribedAt?: number;
  unsubscribedAt?: number;
  /** Last interaction that opens WeChat's 48-hour customer-service window. */
  lastInteractionAt?: number;
  /** How the user last subscribed (`user/info`'s `subscribe_scene`): `ADD_SCENE_QR_CODE`, `ADD_SCENE_SEARCH`… */
  subscribeScene?: string;
  /** The integer scene of the QR code the user subscribed through. */
  qrScene?: number;
  /** The string scene of the QR code the user subscribed through. */
  qrSceneStr?: string;
  /** Order of the latest follow: `cgi-bin/user/get` lists followers by it. */
  followSeq?: number;
  /** The account operator's note on the follower (`user/info/updateremark`). */
  remark?: string;
  /** The last `message/custom/typing` command the user saw, and when. */
  typing?: { readonly command: 'Typing' | 'CancelTyping'; readonly at: number };
}

/** Where a subscribe came from; a subscribe without a QR code counts as found by search. */
export type SubscribeOrigin = Pick<FollowerState, 'subscribeScene' | 'qrScene' | 'qrSceneStr'>;

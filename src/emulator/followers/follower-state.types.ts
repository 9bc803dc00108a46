/** @module One user of one app as the account sees it: following or not, since when, how, and the operator's notes. */

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

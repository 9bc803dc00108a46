/** Wire types of user management (用户管理), WeChat's field names. */

export type UserLang = 'zh_CN' | 'zh_TW' | 'en';

/** `cgi-bin/user/info`: a follower's fields; a non-follower has `subscribe: 0` and the ids only. */
export interface UserInfo {
  readonly subscribe: 0 | 1;
  readonly openid: string;
  readonly language?: string;
  /** Seconds since the epoch of the latest follow. */
  readonly subscribe_time?: number;
  /** Present when the account is bound to an open-platform account. */
  readonly unionid?: string;
  readonly remark?: string;
  readonly groupid?: number;
  readonly tagid_list?: readonly number[];
  /** `ADD_SCENE_SEARCH`, `ADD_SCENE_QR_CODE`, `ADD_SCENE_PROFILE_CARD`… */
  readonly subscribe_scene?: string;
  readonly qr_scene?: number;
  readonly qr_scene_str?: string;
}

export interface UserBatchgetBody {
  /** At most 100 users per call. */
  readonly user_list: ReadonlyArray<{ readonly openid: string; readonly lang?: UserLang }>;
}

export interface UserBatchgetResult {
  readonly user_info_list: readonly UserInfo[];
}

/** One page of `cgi-bin/user/get`: up to 10 000 openids in follow order. */
export interface UserListPage {
  readonly total: number;
  readonly count: number;
  /** Absent when `count` is 0 (past the last follower). */
  readonly data?: { readonly openid: readonly string[] };
  /** The last openid of this page: pass it to get the next one; empty past the end. */
  readonly next_openid: string;
}

export interface UpdateRemarkBody {
  readonly openid: string;
  /** At most 30 characters. */
  readonly remark: string;
}

/** @module Wire types of the user tag APIs (用户标签管理), WeChat's field names. */

export interface Tag {
  id: number;
  /** ≤ 30 bytes, unique in the account. */
  name: string;
}

export interface TagWithCount extends Tag {
  /** Followers carrying the tag. */
  count: number;
}

export interface TagMembersBody {
  /** 1 to 50 openids of followers. */
  openid_list: string[];
  tagid: number;
}

export interface UserTagGetResult {
  count: number;
  /** Absent when the page is empty. */
  data?: { openid: string[] };
  /** The last openid of this page: pass it to get the next one; empty when there is none. */
  next_openid: string;
}

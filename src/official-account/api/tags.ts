/** @module officialAccount.tags and officialAccount.user.tag: user tags (用户标签管理). */
import type { ApiClient } from '../../kernel/http/index.js';
import type { WeChatResult } from './message-custom.js';
import type { Tag, TagMembersBody, TagWithCount, UserTagGetResult } from './tags.types.js';

export interface Tags {
  /**
   * Creates a tag (45157 name taken, 45158 over 30 bytes, 45056 past 100). `POST /cgi-bin/tags/create` — 用户标签管理.
   * @see https://developers.weixin.qq.com/doc/offiaccount/User_Management/User_Tag_Management.html
   */
  create(body: { tag: { name: string } }): Promise<{ tag: Tag }>;
  /**
   * The account's tags with their follower counts. `GET /cgi-bin/tags/get` — 用户标签管理.
   * @see https://developers.weixin.qq.com/doc/offiaccount/User_Management/User_Tag_Management.html
   */
  get(): Promise<{ tags: TagWithCount[] }>;
  /**
   * Renames a tag (45058 for the system's ids 0–2). `POST /cgi-bin/tags/update` — 用户标签管理.
   * @see https://developers.weixin.qq.com/doc/offiaccount/User_Management/User_Tag_Management.html
   */
  update(body: { tag: Tag }): Promise<WeChatResult>;
  /**
   * Deletes a tag and takes it off its followers. `POST /cgi-bin/tags/delete` — 用户标签管理.
   * @see https://developers.weixin.qq.com/doc/offiaccount/User_Management/User_Tag_Management.html
   */
  delete(body: { tag: { id: number } }): Promise<WeChatResult>;
  /**
   * The tag ids a follower carries. `POST /cgi-bin/tags/getidlist` — 用户标签管理.
   * @see https://developers.weixin.qq.com/doc/offiaccount/User_Management/User_Tag_Management.html
   */
  getIdList(body: { openid: string }): Promise<{ tagid_list: number[] }>;
  readonly members: {
    /**
     * Tags up to 50 followers (45059 past 20 tags a follower). `POST /cgi-bin/tags/members/batchtagging` — 批量为用户打标签.
     * @see https://developers.weixin.qq.com/doc/offiaccount/User_Management/User_Tag_Management.html
     */
    batchTagging(body: TagMembersBody): Promise<WeChatResult>;
    /**
     * Takes a tag off up to 50 followers. `POST /cgi-bin/tags/members/batchuntagging` — 批量为用户取消标签.
     * @see https://developers.weixin.qq.com/doc/offiaccount/User_Management/User_Tag_Management.html
     */
    batchUntagging(body: TagMembersBody): Promise<WeChatResult>;
  };
}

export interface UserTag {
  /**
   * Followers carrying a tag, 10 000 a page after `next_openid`. `POST /cgi-bin/user/tag/get` — 获取标签下粉丝列表.
   * @see https://developers.weixin.qq.com/doc/offiaccount/User_Management/User_Tag_Management.html
   */
  get(body: { tagid: number; next_openid?: string }): Promise<UserTagGetResult>;
}

export function createTags(deps: { api: ApiClient }): Tags {
  const { api } = deps;
  return {
    create: (body) => api.post<{ tag: Tag }>('/cgi-bin/tags/create', body),
    get: () => api.get<{ tags: TagWithCount[] }>('/cgi-bin/tags/get'),
    update: (body) => api.post<WeChatResult>('/cgi-bin/tags/update', body),
    delete: (body) => api.post<WeChatResult>('/cgi-bin/tags/delete', body),
    getIdList: (body) => api.post<{ tagid_list: number[] }>('/cgi-bin/tags/getidlist', body, { retry: true }),
    members: {
      batchTagging: (body) => api.post<WeChatResult>('/cgi-bin/tags/members/batchtagging', body),
      batchUntagging: (body) => api.post<WeChatResult>('/cgi-bin/tags/members/batchuntagging', body),
    },
  };
}

export function createUserTag(deps: { api: ApiClient }): UserTag {
  return { get: (body) => deps.api.post<UserTagGetResult>('/cgi-bin/user/tag/get', body, { retry: true }) };
}

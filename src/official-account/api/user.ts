/** @module officialAccount.user: followers and their basic information (用户管理). */
import type { ApiClient } from '../../kernel/http/index.js';
import type { WeChatResult } from './message-custom.js';
import type {
  UpdateRemarkBody,
  UserBatchgetBody,
  UserBatchgetResult,
  UserInfo,
  UserLang,
  UserListPage,
} from './user.types.js';

export interface UserInfoApi {
  /**
   * A user's basic information (获取用户基本信息). `GET /cgi-bin/user/info`.
   * @see https://developers.weixin.qq.com/doc/offiaccount/User_Management/Get_users_basic_information_UnionID.html
   */
  (openid: string, lang?: UserLang): Promise<UserInfo>;
  /**
   * Basic information of up to 100 users (批量获取用户基本信息). `POST /cgi-bin/user/info/batchget`.
   * @see https://developers.weixin.qq.com/doc/offiaccount/User_Management/Get_users_basic_information_UnionID.html
   */
  batchget(body: UserBatchgetBody): Promise<UserBatchgetResult>;
  /**
   * Sets the operator's note on a follower (设置用户备注名). `POST /cgi-bin/user/info/updateremark`.
   * @see https://developers.weixin.qq.com/doc/offiaccount/User_Management/Configuring_user_notes.html
   */
  updateremark(body: UpdateRemarkBody): Promise<WeChatResult>;
}

export interface UserApi {
  readonly info: UserInfoApi;
  /**
   * One page of followers after `nextOpenid` (获取用户列表). `GET /cgi-bin/user/get`.
   * @see https://developers.weixin.qq.com/doc/offiaccount/User_Management/Getting_a_User_List.html
   */
  get(nextOpenid?: string): Promise<UserListPage>;
  /** The same call as `get`, under the name of what it does. `GET /cgi-bin/user/get`. */
  list(nextOpenid?: string): Promise<UserListPage>;
  /** Every follower's openid, page after page of `GET /cgi-bin/user/get`, fetched as iterated. */
  listAll(): AsyncIterable<string>;
}

async function* walkFollowers(get: UserApi['get']): AsyncGenerator<string> {
  let next: string | undefined;
  for (;;) {
    const page = await get(next);
    yield* page.data?.openid ?? [];
    // Past the last follower WeChat answers count 0 and an empty next_openid.
    if (page.count === 0 || page.next_openid === '') return;
    next = page.next_openid;
  }
}

export function createUser(deps: { api: ApiClient }): UserApi {
  const { api } = deps;
  const info: UserInfoApi = Object.assign(
    (openid: string, lang?: UserLang) => api.get<UserInfo>('/cgi-bin/user/info', { openid, lang }),
    {
      // A read: safe to retry although it is a POST.
      batchget: (body: UserBatchgetBody) =>
        api.post<UserBatchgetResult>('/cgi-bin/user/info/batchget', body, { retry: true }),
      updateremark: (body: UpdateRemarkBody) =>
        api.post<WeChatResult>('/cgi-bin/user/info/updateremark', body),
    },
  );
  const get = (nextOpenid?: string) =>
    api.get<UserListPage>('/cgi-bin/user/get', { next_openid: nextOpenid || undefined });
  return { info, get, list: get, listAll: () => walkFollowers(get) };
}

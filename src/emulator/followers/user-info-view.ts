/** @module userInfoView: a simulated user as `cgi-bin/user/info` shows it to the account. */
import type { World } from '../world/world.js';
import type { FollowerState } from './follower-state.types.js';

/** Where a follower came from when nothing more specific (a QR scan) was recorded. */
export const DEFAULT_SUBSCRIBE_SCENE = 'ADD_SCENE_SEARCH';

/**
 * WeChat's current fields (no nickname or avatar since 2021-12-27). A user who does not follow
 * the account gets `subscribe: 0` and only the ids: "拉取不到其余信息".
 */
export function userInfoView(world: World, state: FollowerState) {
  // Apps of one world belong to one developer account: one unionid per person across them, the same
  // one web authorization gives for this openid.
  const { unionid } = world.miniProgram.people.adopt(state.appid, state.openid);
  if (!state.following) return { subscribe: 0, openid: state.openid, unionid };
  return {
    subscribe: 1,
    openid: state.openid,
    language: 'zh_CN',
    subscribe_time: Math.floor((state.subscribedAt ?? world.now()) / 1000),
    unionid,
    remark: state.remark ?? '',
    groupid: 0,
    tagid_list: world.tags.tagsOf(state.appid, state.openid),
    subscribe_scene: state.subscribeScene ?? DEFAULT_SUBSCRIBE_SCENE,
    qr_scene: state.qrScene ?? 0,
    qr_scene_str: state.qrSceneStr ?? '',
  };
}

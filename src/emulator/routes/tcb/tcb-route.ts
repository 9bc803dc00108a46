/** @module defineTcbRoute: a POST /tcb/* route whose refusals (TcbRejection) become `{errcode, errmsg}`. */
import { TcbRejection } from '../../cloud/tcb-rejection.js';
import {
  defineWeChatRoute,
  type WeChatCall,
  type WeChatRoute,
  type WxBody,
} from '../../pipeline/wechat-route.js';
import { wxError } from '../../wx-error.js';

export function defineTcbRoute(name: string, handle: (call: WeChatCall) => WxBody): WeChatRoute {
  return defineWeChatRoute({
    method: 'POST',
    path: `/tcb/${name}`,
    identify: 'access_token',
    handle: (call) => {
      try {
        return { errcode: 0, errmsg: 'ok', ...handle(call) };
      } catch (error) {
        if (error instanceof TcbRejection) return wxError(error.errcode, error.message);
        throw error;
      }
    },
  });
}

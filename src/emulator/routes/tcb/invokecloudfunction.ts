/** @module POST /tcb/invokecloudfunction?env=&name= — invoke a cloud function (触发云函数). */
import { randomUUID } from 'node:crypto';
import { StorageErrcode } from '../../cloud-storage/storage-errcodes.js';
import { TcbRejection } from '../../cloud/tcb-rejection.js';
import { defineWeChatRoute } from '../../pipeline/wechat-route.js';
import { wxError } from '../../wx-error.js';

export const tcbInvokecloudfunction = defineWeChatRoute({
  method: 'POST',
  path: '/tcb/invokecloudfunction',
  identify: 'access_token',
  handle: async (call) => {
    const { env, name } = call.query;
    if (!env || !name) return wxError(StorageErrcode.MissingParameter, 'missing env or name');
    try {
      call.world.cloud.env(env, call.appid);
    } catch (error) {
      if (error instanceof TcbRejection) return wxError(error.errcode, error.message);
      throw error;
    }
    const handler = call.world.cloudFunctions.get(env, name);
    if (!handler) {
      return wxError(
        StorageErrcode.FunctionNotFound,
        `[ResourceNotFound.Function] function not found: ${name}`,
      );
    }
    const context = { env, function_name: name, appid: call.appid, request_id: randomUUID() };
    try {
      // The body is the event as is; the return value travels back as a JSON string.
      const result: unknown = await handler(call.body, context);
      return { errcode: 0, errmsg: 'ok', resp_data: JSON.stringify(result === undefined ? null : result) };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return wxError(StorageErrcode.FunctionExecuteFail, `functions execute fail | ${message}`);
    }
  },
});

/** @module createCloudFunctions: cloud functions (云函数) over tcb/invokecloudfunction. */
import { CloudQueryError, WeChatHttpError } from '../../kernel/errors/wechat-error.js';
import type { ApiClient } from '../../kernel/http/api-client.types.js';

export interface CloudFunctionsOptions {
  /** The cloud environment id (`WECHAT_CLOUD_ENV`). */
  readonly env: string;
}

export interface CloudFunctionsDeps {
  readonly api: ApiClient;
}

export interface CloudFunctions {
  readonly env: string;
  /**
   * POST /tcb/invokecloudfunction?env=&name= — 触发云函数: `data` is the function's event, its return value
   * comes back parsed. Never retried (a function may write). @see https://developers.weixin.qq.com/miniprogram/dev/wxcloud/reference-http-api/functions/invokeCloudFunction.html
   */
  invoke<Req extends object = Record<string, unknown>, Res = unknown>(name: string, data?: Req): Promise<Res>;
}

const PATH = '/tcb/invokecloudfunction';

export function createCloudFunctions(
  options: CloudFunctionsOptions,
  deps: CloudFunctionsDeps,
): CloudFunctions {
  if (!options.env) throw new CloudQueryError('the cloud environment id (env) is required');
  return {
    env: options.env,
    invoke: async <Req extends object, Res>(name: string, data?: Req): Promise<Res> => {
      if (typeof name !== 'string' || name === '')
        throw new CloudQueryError('a cloud function name is a non-empty string');
      // The payload is the raw body; env and name travel in the query string.
      const answer = await deps.api.post<{ resp_data?: unknown }>(PATH, data ?? {}, {
        retry: false,
        query: { env: options.env, name },
      });
      // resp_data is the return value serialised to a JSON string.
      if (typeof answer.resp_data !== 'string')
        throw new WeChatHttpError(`${PATH}: resp_data is not a string`, PATH);
      try {
        return JSON.parse(answer.resp_data) as Res;
      } catch (cause) {
        throw new WeChatHttpError(`${PATH}: resp_data is not JSON`, PATH, undefined, { cause });
      }
    },
  };
}

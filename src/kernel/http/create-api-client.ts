/** @module createApiClient: WeChat API calls with token injection, errcode checks, retries and hooks. */
import { setTimeout as delay } from 'node:timers/promises';
import { ConfigError } from '../errors/wechat-error.js';
import type {
  ApiClient,
  ApiClientDeps,
  ApiClientOptions,
  ApiRequest,
  RetryOptions,
} from './api-client.types.js';
import { createTransport } from './create-transport.js';
import { answerOf } from './decode-response.js';
import { withAccessToken } from './with-access-token.js';
import { DEFAULT_RETRY, withRetry } from './with-retry.js';

/**
 * The kernel's one way to call WeChat. Composition, outermost first: retry (transient failures,
 * idempotent calls only) → token replay (once, on a token errcode) → transport (one exchange).
 */
export function createApiClient(options: ApiClientOptions, deps: ApiClientDeps = {}): ApiClient {
  const retryOptions: RetryOptions = { ...DEFAULT_RETRY, ...options.retry };
  const transport = createTransport(
    { baseUrl: options.baseUrl, timeoutMs: options.timeoutMs ?? 10_000, app: options.app },
    deps,
  );
  const retryDeps = { sleep: deps.sleep ?? ((ms: number) => delay(ms)), random: deps.random ?? Math.random };

  async function request<T>(req: ApiRequest): Promise<T> {
    let attempt = 0;
    const send = (token?: string): Promise<unknown> => transport.send(req, token, (attempt += 1));
    const once = (): Promise<unknown> => {
      if ((req.auth ?? 'access_token') === 'none') return send();
      if (!deps.tokens)
        throw new ConfigError(
          'tokens',
          `${req.path} needs an access_token but the client has no token source`,
        );
      return withAccessToken(deps.tokens, send);
    };
    const retryable = req.retry ?? req.method === 'GET';
    const run = retryable ? () => withRetry(once, retryOptions, retryDeps) : once;
    if (req.responseType !== 'raw') return (await run()) as T;
    return run().catch((error: unknown) => {
      const answer = answerOf(error);
      if (answer === undefined) throw error;
      return answer;
    }) as Promise<T>;
  }

  return {
    request,
    get: (path, query, opts) => request({ method: 'GET', path, query, ...opts }),
    post: (path, body, opts) => request({ method: 'POST', path, body, ...opts }),
    close: () => transport.close(),
  };
}

/** @module withAccessToken: runs a call with the current token; on a token errcode refreshes and replays once. */
import { TOKEN_ERRCODES } from '../errors/errcodes.js';
import { isWeChatApiError } from '../errors/wechat-error.js';
import type { AccessTokenSource } from './api-client.types.js';

/**
 * 40001/40014/42001 mean WeChat rejected the token before doing anything, so replaying is safe for
 * every method, sends included. The failing token is reported so the broker drops it only if it is
 * still current (another process may have refreshed already). A second token error surfaces.
 */
export async function withAccessToken<T>(
  tokens: AccessTokenSource,
  call: (token: string) => Promise<T>,
): Promise<T> {
  const token = await tokens.get();
  try {
    return await call(token);
  } catch (error) {
    if (!isWeChatApiError(error, ...TOKEN_ERRCODES)) throw error;
    await tokens.invalidate(token);
    return call(await tokens.get());
  }
}

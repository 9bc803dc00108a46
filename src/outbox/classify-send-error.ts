/** @module classifySendError(): what the outbox does after a failed send, by DESIGN's retry rules. */
import { errcodeAction } from '../kernel/errors/errcodes.js';
import { isWeChatApiError, isWeChatHttpError } from '../kernel/errors/index.js';

export interface SendDecision {
  /** retry: back off and try again; pause: wait for the daily reset (45009); dead: never retry. */
  readonly action: 'retry' | 'pause' | 'dead';
  readonly errcode: number | null;
  readonly reason: string;
  /** WeChat may have delivered the message although the call failed (-1, HTTP 5xx, network). */
  readonly uncertain: boolean;
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 500);

export function classifySendError(error: unknown): SendDecision {
  const reason = describe(error);
  if (isWeChatApiError(error)) {
    const errcode = error.errcode;
    const action = errcodeAction(errcode);
    // -1 is "system busy": WeChat gives no guarantee the message was not sent.
    const uncertain = errcode === -1;
    if (action === 'pause-until-reset') return { action: 'pause', errcode, reason, uncertain };
    if (action === 'permanent') return { action: 'dead', errcode, reason, uncertain };
    // 'retry' and a token errcode the client's single replay did not cure: back off and retry.
    return { action: 'retry', errcode, reason, uncertain };
  }
  if (isWeChatHttpError(error)) {
    const status = error.status;
    // A 4xx from the API host is not transient; 5xx, timeouts and resets may hide a delivery.
    if (status !== undefined && status >= 400 && status < 500) {
      return { action: 'dead', errcode: null, reason, uncertain: false };
    }
    return { action: 'retry', errcode: null, reason, uncertain: true };
  }
  return { action: 'retry', errcode: null, reason, uncertain: true };
}

/** @module WeChat Pay v3 error answers: `{code, message}` with the HTTP status WeChat Pay uses for each code. */

export const PAY_ERRORS = {
  PARAM_ERROR: [400, '参数错误'],
  INVALID_REQUEST: [400, '无效请求'],
  ORDERPAID: [400, '订单已支付'],
  APPID_MCHID_NOT_MATCH: [400, 'appid和mch_id不匹配'],
  NOT_ENOUGH: [403, '可退款余额不足'],
  SIGN_ERROR: [401, '签名错误'],
  ORDER_CLOSED: [403, '订单已关闭'],
  OUT_TRADE_NO_USED: [403, '商户订单号重复'],
  NO_AUTH: [403, '商户无权限'],
  ORDER_NOT_EXIST: [404, '订单不存在'],
  RESOURCE_NOT_EXISTS: [404, '退款单不存在'],
  FREQUENCY_LIMITED: [429, '频率超限'],
  SYSTEM_ERROR: [500, '系统错误'],
} as const;

export type PayErrorCode = keyof typeof PAY_ERRORS;

export interface PayAnswer {
  readonly status: number;
  /** undefined for 204 No Content. */
  readonly body?: object;
}

/** An error answer; `message` overrides the default text (WeChat Pay's own wording varies per case). */
export function payError(code: PayErrorCode, message?: string, detail?: object): PayAnswer {
  const [status, text] = PAY_ERRORS[code];
  return { status, body: { code, message: message ?? text, ...(detail ? { detail } : {}) } };
}

export const ok = (body: object): PayAnswer => ({ status: 200, body });
export const noContent: PayAnswer = { status: 204 };

/** True for an answer built by payError. */
export const isPayError = (answer: PayAnswer) => answer.status >= 400;

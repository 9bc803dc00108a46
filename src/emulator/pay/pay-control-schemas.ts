/** @module TypeBox schemas of the pay control API (`/__emulator/pay/*`). */
import { Type } from 'typebox';

const lit = <T extends string>(...values: T[]) => Type.Union(values.map((v) => Type.Literal(v)));

export const MerchantBody = Type.Object({
  mchid: Type.String({ minLength: 1 }),
  apiv3Key: Type.String({ minLength: 32, maxLength: 32 }),
  publicKeyPem: Type.String({ minLength: 1 }),
  certSerial: Type.String({ minLength: 1 }),
  verifyMode: Type.Optional(lit('certificate', 'public-key')),
});

export const RequestPaymentBody = Type.Object({
  appId: Type.String(),
  timeStamp: Type.String(),
  nonceStr: Type.String(),
  package: Type.String(),
  signType: Type.String(),
  paySign: Type.String(),
  /** What the simulated user then does; nothing when absent. */
  action: Type.Optional(lit('pay', 'cancel', 'fail')),
});

export const ConfirmBody = Type.Object({
  prepay_id: Type.Optional(Type.String()),
  out_trade_no: Type.Optional(Type.String()),
  mchid: Type.Optional(Type.String()),
  action: lit('pay', 'cancel', 'fail'),
  openid: Type.Optional(Type.String()),
  /** The params the client built; when given, the paySign must verify. */
  requestPayment: Type.Optional(Type.Omit(RequestPaymentBody, ['action'])),
});

export const PayFaultBody = Type.Object({
  kind: lit('bad-signature', 'probe', 'duplicate', 'delay', 'http-error'),
  target: Type.Optional(lit('notify', 'response')),
  count: Type.Optional(Type.Integer({ minimum: 1 })),
  delayMs: Type.Optional(Type.Integer({ minimum: 0 })),
  status: Type.Optional(Type.Integer({ minimum: 400, maximum: 599 })),
  copies: Type.Optional(Type.Integer({ minimum: 2, maximum: 20 })),
});

export const RotateBody = Type.Object({ dropOld: Type.Optional(Type.Boolean()) });

export const SettleRefundBody = Type.Object({
  mchid: Type.String(),
  out_refund_no: Type.String(),
  status: lit('SUCCESS', 'ABNORMAL', 'CLOSED'),
});

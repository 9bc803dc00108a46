/** @module The pay control API under `/__emulator/pay`: merchants, keys, the simulated user, faults, deliveries. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import { applyUserAction, settleRefund } from './pay-actions.js';
import {
  ConfirmBody,
  MerchantBody,
  PayFaultBody,
  RequestPaymentBody,
  RotateBody,
  SettleRefundBody,
} from './pay-control-schemas.js';
import type { PayBook } from './pay-book.js';
import type { EmulatedTransaction } from './transaction-book.js';
import { verifyRequestPayment } from './verify-pay-sign.js';
import { viewTransaction } from './view-transaction.js';

async function keysView(pay: PayBook) {
  const keys = await pay.keys.ready();
  return {
    publicKeyId: keys.publicKey.id,
    publicKeyPem: keys.publicKey.publicKeyPem,
    certificates: keys.certificates.map((c) => ({ serial: c.serial, pem: c.pem })),
  };
}

const failure = (error: string, message: string) => ({ ok: false, error, message });

function findOrder(pay: PayBook, body: Static<typeof ConfirmBody>): EmulatedTransaction | undefined {
  if (body.prepay_id !== undefined) return pay.transactions.byPrepayId(body.prepay_id);
  const mchid = body.mchid ?? pay.merchants.list()[0]?.mchid;
  return mchid && body.out_trade_no ? pay.transactions.byOutTradeNo(mchid, body.out_trade_no) : undefined;
}

function registerMerchants(app: FastifyInstance, pay: PayBook): void {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  typed.post('/merchants', { schema: { body: MerchantBody } }, async (request, reply) => {
    try {
      const merchant = pay.merchants.put(request.body);
      const { mchid, certSerial, verifyMode } = merchant;
      return { ok: true, merchant: { mchid, certSerial, verifyMode }, platform: await keysView(pay) };
    } catch (error) {
      return reply.code(400).send(failure('bad_merchant', (error as Error).message));
    }
  });
  typed.get('/keys', async () => keysView(pay));
  typed.post('/certificates/rotate', { schema: { body: RotateBody } }, async (request) => {
    const cert = await pay.keys.rotate({ dropOld: request.body.dropOld });
    return { ok: true, serial: cert.serial };
  });
}

function registerUser(app: FastifyInstance, pay: PayBook): void {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  typed.post('/request-payment', { schema: { body: RequestPaymentBody } }, async (request, reply) => {
    const check = verifyRequestPayment(pay, request.body);
    if (!check.tx) return reply.code(400).send({ ok: false, errMsg: check.errMsg });
    if (request.body.action !== undefined && check.tx.state === 'NOTPAY') {
      applyUserAction(pay, check.tx, request.body.action);
    }
    return { ok: true, errMsg: 'requestPayment:ok', trade_state: check.tx.state };
  });
  typed.post('/confirm', { schema: { body: ConfirmBody } }, async (request, reply) => {
    const { body } = request;
    const check = body.requestPayment ? verifyRequestPayment(pay, body.requestPayment) : undefined;
    if (check?.errMsg) return reply.code(400).send({ ok: false, errMsg: check.errMsg });
    const tx = check?.tx ?? findOrder(pay, body);
    if (!tx)
      return reply.code(404).send(failure('order_not_found', 'no order with that prepay_id / out_trade_no'));
    if (body.openid !== undefined && body.openid !== tx.order.payer.openid) {
      return reply.code(400).send(failure('wrong_payer', 'openid is not the payer of this order'));
    }
    if (tx.state !== 'NOTPAY') return reply.code(409).send(failure('not_payable', `order is ${tx.state}`));
    applyUserAction(pay, tx, body.action);
    return { ok: true, trade_state: tx.state, transaction_id: tx.transactionId };
  });
}

function registerFaultsAndDeliveries(app: FastifyInstance, pay: PayBook): void {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  typed.post('/faults', { schema: { body: PayFaultBody } }, async (request) => ({
    ok: true,
    fault: pay.faults.add(request.body),
  }));
  typed.get('/faults', async () => ({ faults: pay.faults.list() }));
  typed.delete('/faults', async () => {
    pay.faults.clear();
    return { ok: true };
  });
  typed.get('/notifications', async () => ({ notifications: pay.notifier.list() }));
  // What WeChat Pay holds for an order (as the query API answers it), without signing a merchant request.
  typed.get<{ Params: { outTradeNo: string }; Querystring: { mchid?: string } }>(
    '/transactions/:outTradeNo',
    async (request, reply) => {
      const mchid = request.query.mchid ?? pay.merchants.list()[0]?.mchid;
      const tx = mchid ? pay.transactions.byOutTradeNo(mchid, request.params.outTradeNo) : undefined;
      if (!tx) return reply.code(404).send(failure('order_not_found', 'no order with that out_trade_no'));
      return viewTransaction(tx);
    },
  );
  typed.post('/refunds/settle', { schema: { body: SettleRefundBody } }, async (request, reply) => {
    const refund = pay.refunds.get(request.body.mchid, request.body.out_refund_no);
    if (!refund) return reply.code(404).send(failure('refund_not_found', 'no such refund'));
    settleRefund(pay, refund, request.body.status);
    return { ok: true, status: refund.status };
  });
}

/** Registers the pay control routes (mount with the `/__emulator/pay` prefix). */
export async function payControl(app: FastifyInstance, options: { pay: PayBook }): Promise<void> {
  registerMerchants(app, options.pay);
  registerUser(app, options.pay);
  registerFaultsAndDeliveries(app, options.pay);
}

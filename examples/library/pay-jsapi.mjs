/**
 * WeChat Pay JSAPI: prepay, the user pays, and the notification WeChat Pay POSTs to notify_url is verified
 * (signature by a platform certificate, fetched and cached by the client) and decrypted with the APIv3 key.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createPayClient } from 'wegate/pay';
import { control, settings } from './settings.mjs';

const merchant = settings.merchant();
const { appid } = settings.mp();
const pay = createPayClient({
  mchid: merchant.mchid,
  apiv3Key: merchant.apiv3Key,
  certSerial: merchant.certSerial,
  privateKey: readFileSync(merchant.privateKeyPath, 'utf8'),
  appid,
  baseUrl: settings.payApiBase,
});

// notify_url: a small HTTP server that verifies, decrypts and acknowledges the notification.
/** @type {(value: import('wegate/pay').PayNotification) => void} */
let notified = () => {};
const received = new Promise((resolve) => (notified = resolve));
const server = createServer((request, response) => {
  /** @type {Buffer[]} */
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    pay.openNotification({ headers: request.headers, rawBody: Buffer.concat(chunks) }).then(
      (notification) => {
        response.writeHead(204).end();
        notified(notification);
      },
      (error) => {
        // Anything but 2xx makes WeChat Pay deliver again later.
        response.writeHead(401, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ code: 'FAIL', message: String(error) }));
      },
    );
  });
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
const address = /** @type {import('node:net').AddressInfo} */ (server.address());

const outTradeNo = `EXAMPLE-${Date.now()}`;
const order = await pay.transactions.jsapi({
  description: 'wegate example order',
  out_trade_no: outTradeNo,
  notify_url: `http://127.0.0.1:${address.port}/pay/notify`,
  amount: { total: 1 },
  payer: { openid: 'o-example-buyer' },
});
// The Mini Program passes order.requestPayment to wx.requestPayment(); the emulator's user pays.
await control('/pay/confirm', {
  prepay_id: order.prepay_id,
  action: 'pay',
  requestPayment: order.requestPayment,
});

const notification = await received;
server.close();
const transaction = notification.resource;
console.log(
  JSON.stringify({
    scenario: 'pay-jsapi',
    event: notification.event_type,
    outTradeNo: 'out_trade_no' in transaction ? transaction.out_trade_no : undefined,
    sameOrder: 'out_trade_no' in transaction && transaction.out_trade_no === outTradeNo,
    tradeState: 'trade_state' in transaction ? transaction.trade_state : undefined,
  }),
);

/** @module Peer: wechat@2 (node-webot) middleware on express 4, safe mode, echoing text. */
import { createRequire } from 'node:module';
import { APP, ECHO } from './scenario.js';

type Handler = (req: unknown, res: { reply(content: string): void }, next: unknown) => void;
const require = createRequire(import.meta.url);
const express = require('express') as () => {
  use(path: string, handler: unknown): void;
  listen(
    port: number,
    host: string,
    cb: () => void,
  ): { address(): { port: number } | string | null; keepAliveTimeout: number };
};
const wechat = require('wechat') as (config: object, handler: Handler) => unknown;

const app = express();
app.use(
  '/wechat',
  wechat(
    { token: APP.token, appid: APP.appid, encodingAESKey: APP.aesKey, checkSignature: true },
    (req, res) => {
      const message = (req as { weixin: { Content: string } }).weixin;
      res.reply(ECHO(message.Content));
    },
  ),
);
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(`PORT ${typeof address === 'object' && address ? address.port : 0}`);
});
server.keepAliveTimeout = 60_000;

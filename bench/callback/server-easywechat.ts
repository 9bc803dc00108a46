/** @module Peer: node-easywechat 3, safe mode; its app is built per request (a shared app fails from the second). */
import { createRequire } from 'node:module';
import { createServer } from 'node:http';
import { APP, ECHO } from './scenario.js';

interface EwResponse {
  getStatusCode(): number;
  getHeaders(): Record<string, string | string[]>;
  getBody(): Buffer;
}
interface EwServer {
  with(handler: (message: { MsgType: string; Content: string }) => Promise<string>): EwServer;
  serve(): Promise<EwResponse>;
}
const require = createRequire(import.meta.url);
const { OfficialAccount, ServerRequest } = require('node-easywechat') as {
  OfficialAccount: new (config: object) => { setRequest(r: unknown): void; getServer(): EwServer };
  ServerRequest: { createFromIncomingMessage(req: unknown, body?: Buffer): Promise<unknown> };
};

const config = { app_id: APP.appid, secret: 'bench-secret', token: APP.token, aes_key: APP.aesKey };

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    void (async () => {
      const app = new OfficialAccount(config);
      app.setRequest(await ServerRequest.createFromIncomingMessage(req, Buffer.concat(chunks)));
      const response = await app
        .getServer()
        .with(async (message) => ECHO(message.Content))
        .serve();
      res.writeHead(response.getStatusCode(), response.getHeaders());
      res.end(response.getBody());
    })().catch((error: Error) => {
      res.writeHead(500);
      res.end(error.message);
    });
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(`PORT ${typeof address === 'object' && address ? address.port : 0}`);
});

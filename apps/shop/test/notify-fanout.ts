/**
 * Stands between the emulator's WeChat Pay and the server's POST /pay/notify: forwards each notification,
 * as received (same body and signature headers), `copies` times at once, and answers with the first
 * copy's status — WeChat's concurrent redeliveries, on demand.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface NotifyFanout {
  readonly url: string;
  /** The server notifications go to. */
  target: string;
  /** Copies of each notification delivered concurrently (default 1). */
  copies: number;
  /** Status codes of every copy delivered. */
  readonly delivered: number[];
  close(): Promise<void>;
}

const readBody = async (req: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

export async function startNotifyFanout(): Promise<NotifyFanout> {
  const state = { target: '', copies: 1, delivered: [] as number[] };
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) {
        if (typeof v === 'string' && (k.startsWith('wechatpay-') || k === 'content-type')) headers[k] = v;
      }
      const send = () =>
        fetch(`${state.target}${req.url ?? '/pay/notify'}`, { method: 'POST', headers, body }).then(
          async (r) => (await r.arrayBuffer(), r.status),
        );
      const statuses = await Promise.all(Array.from({ length: state.copies }, send));
      state.delivered.push(...statuses);
      res.writeHead(statuses[0] ?? 500).end();
    })().catch(() => res.writeHead(502).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }) as NotifyFanout;
}

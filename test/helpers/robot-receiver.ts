/** A local robot webhook: records every JSON body posted to it, answers like WeCom (`{"errcode":0}`) or as told. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedMessage {
  readonly at: number;
  readonly path: string;
  readonly body: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface RobotReceiver {
  readonly url: string;
  readonly messages: ReceivedMessage[];
  /** The next answers: status and body (default 200 `{"errcode":0,"errmsg":"ok"}`). */
  answerWith(status: number, body: unknown): void;
  /** Resolves once `count` messages arrived (rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMessage[]>;
  close(): Promise<void>;
}

export async function startRobotReceiver(
  path = '/cgi-bin/webhook/send?key=test-key',
): Promise<RobotReceiver> {
  const messages: ReceivedMessage[] = [];
  let answer = { status: 200, body: { errcode: 0, errmsg: 'ok' } as unknown };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      messages.push({
        at: Date.now(),
        path: req.url ?? '',
        body: JSON.parse(text) as ReceivedMessage['body'],
      });
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    messages,
    answerWith: (status, body) => void (answer = { status, body }),
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > deadline) throw new Error(`${messages.length} of ${count} robot messages arrived`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return messages.slice(0, count);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** @module A TCP forwarder tests can shut (nothing listens, live connections drop) and open again. */
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface TcpGate {
  /** The local port clients connect to; it stays the same across shut() and open(). */
  readonly port: number;
  /** Stop listening and cut every forwarded connection: the target looks unreachable. */
  shut(): Promise<void>;
  open(): Promise<void>;
}

export async function createTcpGate(target: { host: string; port: number }): Promise<TcpGate> {
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  let server: Server | undefined;
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const s = createServer((client) => {
        const upstream = connect(target.port, target.host);
        track(client);
        track(upstream);
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
        client.pipe(upstream).pipe(client);
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        server = s;
        resolve((s.address() as { port: number }).port);
      });
    });
  const port = await listen(0);
  return {
    port,
    async shut() {
      const s = server;
      server = undefined;
      sockets.forEach((socket) => socket.destroy());
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
    async open() {
      if (!server) await listen(port);
    },
  };
}

/** @module The `ws` package (which @fastify/websocket brings) loaded with the few types the benchmark uses. */
import { createRequire } from 'node:module';

export interface WsClient {
  readonly readyState: number;
  on(event: 'message', listener: (data: Buffer) => void): void;
  on(event: 'open' | 'close', listener: () => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  on(event: 'unexpected-response', listener: (req: unknown, res: { statusCode?: number }) => void): void;
  send(data: Buffer | string, options?: { binary: boolean }): void;
  terminate(): void;
}

export interface WsServer {
  readonly clients: Set<WsClient>;
  on(event: 'listening', listener: () => void): void;
  address(): { port: number };
}

interface WsModule {
  WebSocket: new (url: string, options?: { perMessageDeflate?: boolean }) => WsClient;
  WebSocketServer: new (options: { port: number; host: string; perMessageDeflate?: boolean }) => WsServer;
}

export const ws = createRequire(import.meta.url)('ws') as WsModule;

/**
 * The part of a `ws` WebSocket the realtime routes use. @fastify/websocket hands the route a `ws` socket;
 * its types would come from @types/ws, which the package does not depend on.
 */
export interface RealtimeSocket {
  /** Bytes queued by the socket and not yet written. */
  readonly bufferedAmount: number;
  send(data: Buffer | string, options: { binary: boolean }): void;
  close(code: number, reason: string): void;
  terminate(): void;
  ping(): void;
  on(event: 'pong' | 'close', listener: () => void): void;
}

/** @module One keep-alive HTTP/1.1 client connection for the load generator: pre-encoded requests, one at a time. */
import { connect, type Socket } from 'node:net';

export interface HttpAnswer {
  status: number;
  body: Buffer;
}

const HEADER_END = Buffer.from('\r\n\r\n');
const CRLF = Buffer.from('\r\n');

/** Reads `Content-Length` or `Transfer-Encoding: chunked` from a header block (lower-cased names). */
function framing(head: string): { length: number } | { chunked: true } {
  const lower = head.toLowerCase();
  const at = lower.indexOf('\r\ncontent-length:');
  if (at >= 0) {
    const end = lower.indexOf('\r\n', at + 2);
    return { length: Number(lower.slice(at + 17, end < 0 ? undefined : end).trim()) };
  }
  if (lower.includes('\r\ntransfer-encoding: chunked')) return { chunked: true };
  throw new Error('answer has neither Content-Length nor chunked encoding');
}

/** Decodes a complete chunked body starting at `from`; undefined while more bytes are needed. */
function dechunk(buffer: Buffer, from: number): { body: Buffer; end: number } | undefined {
  const parts: Buffer[] = [];
  let at = from;
  for (;;) {
    const lineEnd = buffer.indexOf(CRLF, at);
    if (lineEnd < 0) return undefined;
    const size = parseInt(buffer.toString('latin1', at, lineEnd), 16);
    const start = lineEnd + 2;
    if (buffer.length < start + size + 2) return undefined;
    if (size === 0) return { body: Buffer.concat(parts), end: start + 2 };
    parts.push(buffer.subarray(start, start + size));
    at = start + size + 2;
  }
}

/** Splits one complete answer off the front of `buffer`, or undefined while it is incomplete. */
export function parseAnswer(buffer: Buffer): { answer: HttpAnswer; rest: Buffer } | undefined {
  const headEnd = buffer.indexOf(HEADER_END);
  if (headEnd < 0) return undefined;
  const head = buffer.toString('latin1', 0, headEnd);
  const status = Number(head.slice(9, 12));
  const frame = framing(head);
  const bodyStart = headEnd + 4;
  if ('length' in frame) {
    if (buffer.length < bodyStart + frame.length) return undefined;
    const body = buffer.subarray(bodyStart, bodyStart + frame.length);
    return { answer: { status, body }, rest: buffer.subarray(bodyStart + frame.length) };
  }
  const chunked = dechunk(buffer, bodyStart);
  return chunked && { answer: { status, body: chunked.body }, rest: buffer.subarray(chunked.end) };
}

/** A socket that sends one pre-encoded request and resolves its answer; no pipelining. */
export class HttpConnection {
  private readonly socket: Socket;
  private pending: Buffer = Buffer.alloc(0);
  private waiting?: { resolve: (a: HttpAnswer) => void; reject: (e: Error) => void };

  constructor(port: number, host = '127.0.0.1') {
    this.socket = connect({ port, host, noDelay: true });
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
    this.socket.on('error', (error) => this.fail(error));
    this.socket.on('close', () => this.fail(new Error('connection closed')));
  }

  send(request: Buffer): Promise<HttpAnswer> {
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.socket.write(request);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    let parsed: ReturnType<typeof parseAnswer>;
    try {
      parsed = parseAnswer(this.pending);
    } catch (error) {
      this.fail(error as Error);
      return;
    }
    if (!parsed) return;
    this.pending = parsed.rest;
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.resolve(parsed.answer);
  }

  private fail(error: Error): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.reject(error);
  }
}

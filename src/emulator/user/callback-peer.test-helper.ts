/** @module Test peer playing "our server": verifies and decrypts the emulator's pushes, answers scripted replies. */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  buildEncryptedReplyJson,
  buildEncryptedReplyXml,
  createMsgCipher,
  encryptReply,
  verifyCallback,
  type MsgCipher,
} from '../../kernel/crypto/index.js';
import { buildXml, parseXml } from '../../kernel/xml/index.js';

export interface PeerRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly contentType: string;
  readonly body: string;
  readonly signatureOk: boolean;
  /** Set when `encrypt_type=aes`: msg_signature checked over the body's Encrypt. */
  readonly msgSignatureOk?: boolean;
  /** The decrypted push (or the plain body when nothing is encrypted). */
  readonly plain: string;
}

export interface PeerAnswer {
  readonly status?: number;
  readonly body?: string;
  /** Wait this long before answering (past the emulator's timeout = a timed-out attempt). */
  readonly delayMs?: number;
}

export interface CallbackPeer {
  readonly url: string;
  readonly requests: PeerRequest[];
  /** Answers for the next requests, in order; when empty the peer answers `success`. */
  script(...answers: PeerAnswer[]): void;
  /** Forget recorded requests and unused answers. */
  reset(): void;
  close(): Promise<void>;
}

export interface PeerOptions {
  readonly token: string;
  readonly appid: string;
  readonly aesKey?: string;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function encryptOf(body: string, json: boolean): string {
  if (json) return String((JSON.parse(body) as Record<string, unknown>)['Encrypt']);
  return String(parseXml(body)['Encrypt']);
}

function inspect(
  options: PeerOptions,
  cipher: MsgCipher | undefined,
  raw: IncomingMessage,
  body: string,
): PeerRequest {
  const url = new URL(raw.url ?? '/', 'http://peer');
  const query = Object.fromEntries(url.searchParams);
  const contentType = raw.headers['content-type'] ?? '';
  const { timestamp = '', nonce = '' } = query;
  const signatureOk = verifyCallback({
    token: options.token,
    timestamp,
    nonce,
    signature: query['signature'] ?? '',
  });
  const base = { method: raw.method ?? '', path: url.pathname, query, contentType, body, signatureOk };
  if (query['encrypt_type'] !== 'aes' || !cipher) return { ...base, plain: body };
  const encrypt = encryptOf(body, contentType.includes('json'));
  const signature = query['msg_signature'] ?? '';
  const msgSignatureOk = verifyCallback({ token: options.token, timestamp, nonce, signature, encrypt });
  return { ...base, msgSignatureOk, plain: cipher.decrypt(encrypt).message };
}

export async function startCallbackPeer(options: PeerOptions): Promise<CallbackPeer> {
  const cipher = options.aesKey
    ? createMsgCipher({ aesKey: options.aesKey, appid: options.appid })
    : undefined;
  const requests: PeerRequest[] = [];
  const answers: PeerAnswer[] = [];
  const server: Server = createServer((raw, res) => {
    void readBody(raw).then(async (body) => {
      requests.push(inspect(options, cipher, raw, body));
      const answer = answers.shift() ?? {};
      if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
      if (res.destroyed) return;
      res.writeHead(answer.status ?? 200, { 'content-type': 'text/plain' });
      res.end(answer.body ?? 'success');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script: (...next) => answers.push(...next),
    reset: () => {
      requests.length = 0;
      answers.length = 0;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A passive text reply from the app (`from`, its original id) to `to` (the openid). */
export function textReply(to: string, from: string, content: string): Record<string, string | number> {
  return { ToUserName: to, FromUserName: from, CreateTime: 1_700_000_000, MsgType: 'text', Content: content };
}

export interface SealOptions {
  readonly token: string;
  readonly appid: string;
  readonly aesKey: string;
  readonly json?: boolean;
}

/** The reply document encrypted and signed like the server's safe-mode answer. */
export function sealReply(plain: string, options: SealOptions): string {
  const cipher = createMsgCipher({ aesKey: options.aesKey, appid: options.appid });
  const sealed = encryptReply({
    cipher,
    token: options.token,
    message: plain,
    timestamp: 1_700_000_001,
    nonce: '12345',
  });
  return options.json ? buildEncryptedReplyJson(sealed) : buildEncryptedReplyXml(sealed);
}

export { buildXml };

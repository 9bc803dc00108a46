/** @module createEmulatorHarness: an in-process emulator driven through `inject()`, for tests of any area. */
import type { FastifyInstance } from 'fastify';
import { buildEmulatorApp } from './build-emulator-app.js';
import type { EmulatorApp } from './world/app-book.js';
import { createWorld, type World, type WorldOptions } from './world/world.js';

export interface HarnessResponse {
  readonly status: number;
  readonly text: string;
  /** The parsed JSON body (undefined when the body is not JSON). */
  readonly json: Record<string, unknown>;
}

export interface EmulatorHarness {
  readonly app: FastifyInstance;
  readonly world: World;
  get(path: string, query?: Record<string, string>): Promise<HarnessResponse>;
  /** `body` is sent as JSON unless it is a string (sent as-is, text/plain). */
  post(path: string, body?: unknown, query?: Record<string, string>): Promise<HarnessResponse>;
  /** A control API call under `/__emulator`. */
  control(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<HarnessResponse>;
  /** A fresh classic token of `appid` (through GET /cgi-bin/token). */
  classicToken(app: EmulatorApp): Promise<string>;
  close(): Promise<void>;
}

export interface HarnessOptions extends WorldOptions {
  /** Fixed start time (epoch ms) instead of the real clock, so day boundaries are predictable. */
  readonly startAt?: number;
}

function toResponse(status: number, text: string): HarnessResponse {
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // Non-JSON answers (HTTP faults) keep `json` empty; callers look at `text`.
  }
  return { status, text, json };
}

export function createEmulatorHarness(options: HarnessOptions = {}): EmulatorHarness {
  const { startAt } = options;
  const world = createWorld(startAt === undefined ? options : { ...options, clock: { now: () => startAt } });
  const app = buildEmulatorApp({ world });
  const inject = async (method: string, url: string, body?: unknown, query?: Record<string, string>) => {
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const headers: Record<string, string> = {};
    if (payload !== undefined)
      headers['content-type'] = typeof body === 'string' ? 'text/plain' : 'application/json';
    const response = await app.inject({ method: method as 'GET', url, query, payload, headers });
    return toResponse(response.statusCode, response.body);
  };
  return {
    app,
    world,
    get: (path, query) => inject('GET', path, undefined, query),
    post: (path, body, query) => inject('POST', path, body, query),
    control: (method, path, body) => inject(method, `/__emulator${path}`, body),
    classicToken: async (target) => {
      const query = { grant_type: 'client_credential', appid: target.appid, secret: target.secret };
      const { json } = await inject('GET', '/cgi-bin/token', undefined, query);
      if (typeof json['access_token'] !== 'string') throw new Error(`no token: ${JSON.stringify(json)}`);
      return json['access_token'];
    },
    close: () => app.close(),
  };
}

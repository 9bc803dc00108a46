/** @module Turns the faults that fire on a call into what the caller experiences. */
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyReply } from 'fastify';
import { WxErrcode } from '../errcodes.js';
import type { Fault } from '../world/fault-book.js';
import type { CallOutcome } from '../world/stats-book.js';
import { wxError } from '../wx-error.js';

const DEFAULT_HTTP_STATUS = 503;

/** Waits for every latency fault, then returns the first failing fault (if any). */
export async function delayAndPickFailure(fired: readonly Fault[]): Promise<Fault | undefined> {
  const latency = fired.filter((f) => f.kind === 'latency').reduce((ms, f) => ms + (f.latencyMs ?? 0), 0);
  if (latency > 0) await sleep(latency);
  return fired.find((f) => f.kind !== 'latency');
}

/** Answers the call as the failing fault dictates and returns the outcome to count. */
export function answerWithFault(reply: FastifyReply, fault: Fault): CallOutcome {
  switch (fault.kind) {
    case 'drop':
      // Like a connection reset mid-request: the caller gets no HTTP response at all.
      reply.hijack();
      reply.raw.destroy(new Error('emulator fault: connection dropped'));
      return 'drop';
    case 'http': {
      const status = fault.status ?? DEFAULT_HTTP_STATUS;
      void reply.code(status).type('text/html').send(`<html><body><h1>${status}</h1></body></html>`);
      return `http_${status}`;
    }
    default: {
      const errcode = fault.errcode ?? WxErrcode.SystemError;
      void reply.code(200).send(wxError(errcode));
      return errcode;
    }
  }
}

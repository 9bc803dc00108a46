/** @module Injected faults: latency, WeChat errcodes, HTTP errors and dropped connections. */
import { randomUUID } from 'node:crypto';
import { normalizeApiPath } from './quota-book.js';

export type FaultKind = 'latency' | 'errcode' | 'http' | 'drop';
/** `before`: fail instead of doing the call. `after`: do the call (issue the token, send…), then fail. */
export type FaultPhase = 'before' | 'after';

export interface FaultSpec {
  /** WeChat path (`/cgi-bin/token`); every path when absent. */
  readonly path?: string;
  readonly appid?: string;
  readonly kind: FaultKind;
  readonly latencyMs?: number;
  /** For `errcode` faults; default -1 (system error). */
  readonly errcode?: number;
  /** For `http` faults; default 503. */
  readonly status?: number;
  /** Fire on the next `count` matching calls, then disappear. */
  readonly count?: number;
  /** Fire on each matching call with this probability (0..1). */
  readonly probability?: number;
  readonly phase?: FaultPhase;
}

export interface Fault extends FaultSpec {
  readonly id: string;
  readonly phase: FaultPhase;
  /** Calls it has fired on so far. */
  fired: number;
}

export interface FaultBook {
  add(spec: FaultSpec): Fault;
  list(): Fault[];
  clear(): void;
  /** The faults that fire on this call in this phase; counted ones are consumed. */
  take(phase: FaultPhase, path: string, appid: string | undefined): Fault[];
}

function matches(fault: Fault, phase: FaultPhase, path: string, appid: string | undefined): boolean {
  if (fault.phase !== phase) return false;
  if (fault.path !== undefined && fault.path !== path) return false;
  return fault.appid === undefined || fault.appid === appid;
}

export function createFaultBook(deps: { random: () => number }): FaultBook {
  let faults: Fault[] = [];
  const exhausted = (fault: Fault) => fault.count !== undefined && fault.fired >= fault.count;

  return {
    add: (spec) => {
      const path = spec.path === undefined ? undefined : normalizeApiPath(spec.path);
      const fault: Fault = { ...spec, path, id: randomUUID(), phase: spec.phase ?? 'before', fired: 0 };
      faults.push(fault);
      return fault;
    },
    list: () => faults.map((fault) => ({ ...fault })),
    clear: () => {
      faults = [];
    },
    take: (phase, rawPath, appid) => {
      const path = normalizeApiPath(rawPath);
      const fired = faults.filter((fault) => {
        if (!matches(fault, phase, path, appid) || exhausted(fault)) return false;
        if (fault.probability !== undefined && deps.random() >= fault.probability) return false;
        fault.fired += 1;
        return true;
      });
      faults = faults.filter((fault) => !exhausted(fault));
      return fired;
    },
  };
}

/** @module Pay faults set through the control API: forged signatures, probes, duplicate and delayed delivery. */

export type PayFaultKind = 'bad-signature' | 'probe' | 'duplicate' | 'delay' | 'http-error';
/** `notify`: notifications; `response`: answers of the /v3 API. */
export type PayFaultTarget = 'notify' | 'response';

export interface PayFaultSpec {
  readonly kind: PayFaultKind;
  readonly target?: PayFaultTarget;
  /** How many sends it affects (default 1). */
  readonly count?: number;
  /** For `delay`: real milliseconds to wait before sending. */
  readonly delayMs?: number;
  /** For `http-error` (responses only): answer this status with SYSTEM_ERROR instead of doing the call. */
  readonly status?: number;
  /**
   * For `duplicate`: deliver the notification this many times at once, as WeChat's concurrent
   * redeliveries arrive (2–20). Without it, one more copy follows the first once that was answered.
   */
  readonly copies?: number;
}

export interface PayFault extends PayFaultSpec {
  readonly target: PayFaultTarget;
  remaining: number;
}

export interface PayFaultBook {
  add(spec: PayFaultSpec): PayFault;
  /** The kinds firing on this send; each fires once per send and is consumed. */
  take(target: PayFaultTarget): Map<PayFaultKind, PayFault>;
  list(): PayFault[];
  clear(): void;
}

export function createPayFaultBook(): PayFaultBook {
  let faults: PayFault[] = [];
  return {
    add: (spec) => {
      const fault: PayFault = { ...spec, target: spec.target ?? 'notify', remaining: spec.count ?? 1 };
      faults.push(fault);
      return fault;
    },
    take: (target) => {
      const fired = new Map<PayFaultKind, PayFault>();
      for (const fault of faults) {
        if (fault.target !== target || fired.has(fault.kind)) continue;
        fault.remaining -= 1;
        fired.set(fault.kind, fault);
      }
      faults = faults.filter((fault) => fault.remaining > 0);
      return fired;
    },
    list: () => faults.map((fault) => ({ ...fault })),
    clear: () => {
      faults = [];
    },
  };
}

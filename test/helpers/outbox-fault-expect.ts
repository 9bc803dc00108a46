/** @module Assertions shared by the outbox fault e2e tests. */
import { expect } from 'vitest';
import { doomedErrcode, rowKey, type FaultKind } from './outbox-fault-plan.js';
import type { FaultRun } from './outbox-fault-run.js';

/**
 * Every deliverable message is `sent`; every doomed one is `dead` with the errcode it was built to die
 * with; the queue's dead-letter list holds exactly the dead ones, each naming its errcode.
 */
export function expectDeadLettered(run: FaultRun): void {
  for (const row of run.rows) {
    const errcode = doomedErrcode(row.kind as FaultKind, Number(row.idempotencyKey.slice('fault-'.length)));
    if (errcode === undefined) expect(row.status, rowKey(row)).toBe('sent');
    else expect(row, rowKey(row)).toMatchObject({ status: 'dead', lastErrcode: errcode });
  }
  const dead = new Map(run.rows.filter((row) => row.status === 'dead').map((row) => [row.id, row]));
  expect(run.deadLetters.map((job) => job.data.id).sort()).toEqual([...dead.keys()].sort());
  for (const job of run.deadLetters) {
    expect(job.lastError).toContain(`errcode ${dead.get(job.data.id)!.lastErrcode}`);
  }
}

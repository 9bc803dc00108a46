/** @module Assertions shared by the outbox fault e2e tests. */
import { expect } from 'vitest';
import { doomedErrcode, rowKey, type FaultKind } from './outbox-fault-plan.js';
import type { FaultRun } from './outbox-fault-run.js';

/**
 * Every deliverable message is `sent`; every doomed one is `dead` with the errcode it was built to die
 * with and in no inbox; the queue's dead-letter list holds exactly the dead ones, each naming its errcode.
 */
export function expectDeadLettered(run: FaultRun): void {
  for (const row of run.rows) {
    const errcode = doomedErrcode(row.kind as FaultKind, Number(row.idempotencyKey.slice('fault-'.length)));
    if (errcode === undefined) expect(row.status, rowKey(row)).toBe('sent');
    else {
      expect(row, rowKey(row)).toMatchObject({ status: 'dead', lastErrcode: errcode });
      expect(run.deliveries.has(rowKey(row)), `${rowKey(row)} reached an inbox`).toBe(false);
    }
  }
  const dead = new Map(run.rows.filter((row) => row.status === 'dead').map((row) => [row.id, row]));
  expect(run.deadLetters.map((job) => job.data.id).sort()).toEqual([...dead.keys()].sort());
  for (const job of run.deadLetters) {
    expect(job.lastError).toContain(`errcode ${dead.get(job.data.id)!.lastErrcode}`);
  }
}

/**
 * The template run's outcome: every deliverable message in its user's inbox exactly once (by its
 * client_msg_id), the doomed ones dead-lettered, and the messages the killed worker had delivered re-sent
 * and swallowed by the emulator's client_msg_id window.
 */
export function expectExactlyOnce(run: FaultRun, n: number): void {
  const { report } = run;
  expect(report).toMatchObject({
    messages: n,
    deliverable: n * 0.9,
    sent: n * 0.9,
    exactlyOnce: n * 0.9,
    missing: 0,
    duplicates: 0,
    unfinished: 0,
    dead: { 'dead 43004': n / 20, 'dead 40037': n / 20 },
  });
  for (const row of run.rows.filter((r) => r.status === 'sent'))
    expect(run.deliveries.get(rowKey(row)), rowKey(row)).toBe(1);
  expectDeadLettered(run);
  // The killed worker had delivered these without recording it; the new one re-sent them with the same
  // client_msg_id, the emulator swallowed each re-send, and the outbox counts the interrupted attempt.
  expect(run.crashKeys.length).toBeGreaterThan(0);
  expect(report.deduped).toBeGreaterThanOrEqual(run.crashKeys.length);
  for (const key of run.crashKeys) {
    expect(run.deliveries.get(key), key).toBe(1);
    const row = run.rows.find((r) => rowKey(r) === key)!;
    expect(row.status).toBe('sent');
    expect(row.uncertainAttempts).toBeGreaterThan(0);
  }
}

import { describe, expect, it } from 'vitest';
import { expectDeadLettered } from '../helpers/outbox-fault-expect.js';
import { rowKey } from '../helpers/outbox-fault-plan.js';
import { runOutboxFaults, type FaultRun } from '../helpers/outbox-fault-run.js';

// 500 messages keep this file's runs short for CI; `npm run stress:outbox` runs the same scenario with 5,000.
const MESSAGES = 500;
const FOLLOWERS = 100;

function expectExactlyOnce(run: FaultRun): void {
  const { report } = run;
  expect(report).toMatchObject({
    messages: MESSAGES,
    deliverable: MESSAGES * 0.9,
    sent: MESSAGES * 0.9,
    exactlyOnce: MESSAGES * 0.9,
    missing: 0,
    duplicates: 0,
    unfinished: 0,
    dead: { 'dead 43004': MESSAGES / 20, 'dead 40037': MESSAGES / 20 },
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

describe('outbox under faults: template messages exactly once, with the worker killed mid-run', () => {
  const options = { kind: 'template', messages: MESSAGES, followers: FOLLOWERS, killAt: 0.3 } as const;

  it('on the SQL queue (SQLite file shared with the worker process)', async () => {
    expectExactlyOnce(await runOutboxFaults({ ...options, queue: 'sql' }));
  }, 90_000);

  it('on BullMQ over real Redis (unique prefix)', async () => {
    expectExactlyOnce(await runOutboxFaults({ ...options, queue: 'bullmq' }));
  }, 90_000);
});

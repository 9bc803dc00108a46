/**
 * @module The outbox under faults at full size: `npm run stress:outbox`. 5,000 messages (STRESS_N) ×
 * {SQL queue on SQLite, BullMQ on Redis} × {template, customer-service}: 30% of send calls fail (-1 or
 * HTTP 5xx, half before and half after delivering), a 45011 burst, 10% doomed messages, and the worker
 * process SIGKILLed once 30% are sent. Prints one row per run and exits non-zero when a message was
 * lost, left unfinished, delivered twice with a client_msg_id, or duplicated without the outbox knowing.
 */
import { cpus, platform, release } from 'node:os';
import type { FaultReport } from '../test/helpers/outbox-fault-plan.js';
import { runOutboxFaults } from '../test/helpers/outbox-fault-run.js';

const N = Number(process.env.STRESS_N ?? 5000);
const FOLLOWERS = Number(process.env.STRESS_FOLLOWERS ?? 300);

const seconds = (ms: number) => (ms / 1000).toFixed(1);
const deadCell = (dead: FaultReport['dead']) =>
  Object.entries(dead)
    .map(([label, count]) => `${label.replace('dead ', '')}: ${count}`)
    .join(', ');

function row(r: FaultReport): string {
  const cells = [
    r.queue,
    r.kind,
    r.messages,
    `${r.deliverable - r.missing}/${r.deliverable}`,
    r.exactlyOnce,
    deadCell(r.dead),
    r.kind === 'custom' ? r.duplicates : `${r.duplicates} (deduped ${r.deduped})`,
    r.uncertain,
    r.crashWindow,
    seconds(r.enqueueMs),
    seconds(r.drainMs),
  ];
  return `| ${cells.join(' | ')} |`;
}

/** What must hold for the run to pass. */
function problems(r: FaultReport): string[] {
  const found: string[] = [];
  if (r.missing > 0) found.push(`${r.missing} lost`);
  if (r.unfinished > 0) found.push(`${r.unfinished} unfinished`);
  if (r.kind === 'template' && r.duplicates > 0) found.push(`${r.duplicates} template duplicates`);
  if (r.underReported > 0) found.push(`${r.underReported} messages with unreported duplicates`);
  return found;
}

const cpu = cpus()[0]?.model ?? 'unknown CPU';
console.log(`Machine: ${cpu}, ${cpus().length} cores, ${platform()} ${release()}, Node ${process.version}`);
console.log(`${N} messages to ${FOLLOWERS} followers per run; worker SIGKILLed at 30% sent, restarted.`);
console.log('');
console.log(
  '| queue | kind | messages | delivered | exactly once | dead by errcode | duplicates | uncertain attempts | killed mid-call | enqueue s | drain s |',
);
console.log('|---|---|---:|---:|---:|---|---:|---:|---:|---:|---:|');
const failures: string[] = [];
for (const queue of ['sql', 'bullmq'] as const) {
  for (const kind of ['template', 'custom'] as const) {
    const { report } = await runOutboxFaults({
      queue,
      kind,
      messages: N,
      followers: FOLLOWERS,
      killAt: 0.3,
      timeoutMs: 600_000,
    });
    console.log(row(report));
    failures.push(...problems(report).map((p) => `${report.queue} ${kind}: ${p}`));
  }
}
if (failures.length > 0) console.error(`\nFAILED: ${failures.join('; ')}`);
// The emulator may still hold the calls that were open when the worker was killed; do not wait for them.
process.exit(failures.length > 0 ? 1 : 0);

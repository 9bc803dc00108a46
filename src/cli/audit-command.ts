/** @module `wegate audit verify`: seal what is pending, then walk the audit chain and name the first record that fails. */
import { createAudit, type AuditVerdict } from '../audit/index.js';
import { connectStore } from '../adapters/sql/connect-store.js';
import { loadConfig } from '../config/index.js';

const USAGE = 'usage: wegate audit verify   (check the audit log hash chain of the configured store)';

/** A verdict as one line; `ok` false names the record (id and seq) and why. */
export function describeVerdict(verdict: AuditVerdict): string {
  const pending = verdict.unsealed > 0 ? ` (${verdict.unsealed} not yet sealed)` : '';
  if (verdict.ok) return `audit chain verified: ${verdict.checked} records${pending}`;
  const { id, seq, reason } = verdict.first;
  const which = id === null ? `seq ${seq}` : `record ${id} (seq ${seq})`;
  return `audit chain broken at ${which}: ${reason}; ${verdict.checked} records before it verified`;
}

/** Prints the verdict; throws (exit 1) when the chain does not verify. */
export async function runAuditCommand(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  print: (line: string) => void = console.log,
): Promise<AuditVerdict> {
  if (argv[0] !== 'verify') throw new Error(USAGE);
  const config = loadConfig({ env, cwd: process.cwd() });
  const store = await connectStore(config.databaseUrl, { dataDir: config.dataDir });
  try {
    await store.migrate();
    const audit = createAudit({ store });
    // Records the servers have written but not yet chained join first, so they are covered too.
    await audit.seal();
    const verdict = await audit.verify();
    if (!verdict.ok) throw new Error(describeVerdict(verdict));
    print(describeVerdict(verdict));
    return verdict;
  } finally {
    await store.close();
  }
}

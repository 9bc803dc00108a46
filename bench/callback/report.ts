/** @module The callback benchmark's markdown: table, ratios against the goal, machine; and its BENCHMARKS.md section. */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, release } from 'node:os';

export interface Row {
  target: string;
  kind: 'wegate' | 'peer' | 'reference';
  rps?: number;
  p50?: number;
  p99?: number;
  requests?: number;
  errors?: number;
  reasons?: Record<string, number>;
  uniqueMsgIds?: number;
  builtLate?: number;
  /** Share of one core used while measuring, by the server and by the load generator. */
  serverCpu?: number;
  loadCpu?: number;
  failure?: string;
  /** req/s of every round, in the order they ran (the row itself is the median round). */
  rounds?: number[];
}

/** The median round by req/s, carrying every round's req/s; a failed round fails the row. */
export function medianRound(rounds: Row[]): Row {
  const failed = rounds.find((r) => r.failure !== undefined || r.rps === undefined);
  if (failed) return failed;
  const sorted = [...rounds].sort((a, b) => (a.rps as number) - (b.rps as number));
  const median = sorted[Math.floor((sorted.length - 1) / 2)] as Row;
  return { ...median, rounds: rounds.map((r) => r.rps as number) };
}

const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const share = (n: number | undefined): string => (n === undefined ? '—' : `${Math.round(n * 100)}%`);
const ms = (n: number | undefined): string => (n === undefined ? '—' : n.toFixed(2));

function line(row: Row): string {
  if (row.failure !== undefined || row.rps === undefined)
    return `| ${row.target} | failed: ${row.failure} | | | | | | | |`;
  const errors = row.errors ? `${int(row.errors)} (${JSON.stringify(row.reasons)})` : '0';
  const rounds = (row.rounds ?? [row.rps]).map(int).join(' / ');
  return `| ${row.target} | ${int(row.rps)} | ${ms(row.p50)} | ${ms(row.p99)} | ${errors} | ${int(row.uniqueMsgIds ?? 0)} | ${share(row.serverCpu)} | ${share(row.loadCpu)} | ${rounds} |`;
}

/** wegate against the faster peer round by round (round i of each server ran in the same pass). */
function perRound(row: Row, rows: Row[]): string {
  const peers = rows.filter((r) => r.kind === 'peer' && r.rounds && !r.errors);
  if (!row.rounds || row.rounds.length < 2 || peers.length === 0) return '';
  const each = row.rounds.map((rps, i) => {
    const faster = Math.max(...peers.map((p) => (p.rounds as number[])[i] ?? 0));
    return faster ? `${(rps / faster).toFixed(2)}×` : '—';
  });
  return ` Round by round against the faster peer: ${each.join(', ')}.`;
}

function ratios(rows: Row[]): string[] {
  const ok = rows.filter((r) => r.rps !== undefined && !r.errors);
  const fasterPeer = Math.max(0, ...ok.filter((r) => r.kind === 'peer').map((r) => r.rps as number));
  const reference = ok.find((r) => r.kind === 'reference')?.rps;
  return ok
    .filter((r) => r.kind === 'wegate')
    .map((r) => {
      const vsPeer = fasterPeer
        ? `${((r.rps as number) / fasterPeer).toFixed(2)}× the faster peer (goal ≥ 4×)`
        : 'no peer';
      const vsRef = reference
        ? `${((r.rps as number) / reference).toFixed(2)}× the reference (goal ≥ 0.6×)`
        : 'no reference';
      return `- ${r.target}: ${vsPeer}, ${vsRef}, p99 ${ms(r.p99)} ms (goal < 10 ms).${perRound(r, rows)}`;
    });
}

export function renderReport(rows: Row[], options: { pinned: boolean; rounds: number }): string {
  const cpu = cpus();
  return [
    'Command: `npm run bench:callback` (= `node --import tsx bench/callback.ts`). Scenario: safe-mode text push',
    '→ encrypted text reply echoing the content; 50 keep-alive connections (raw sockets, requests pre-encoded,',
    'one in flight per connection); 3 s warm-up, 10 s measured; every reply has its MsgSignature verified, is',
    'decrypted and checked (text, right user, right content), otherwise it counts as an error; every request',
    'carries a MsgId never sent before. "server CPU" and "load CPU": share of one core each process used while',
    'measuring (a server near 100% is the ceiling, not the load generator).',
    `Rounds: every server ran ${options.rounds} round${options.rounds === 1 ? '' : 's'}, the servers interleaved and their order rotated each round` +
      ' (`BENCH_ROUNDS`); each row is the median round of its server, the last column lists every round.',
    `Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, Linux ${release()}, Node ${process.version}; ` +
      (options.pinned
        ? 'each server alone in a child process pinned to core 1 (`taskset -c 1`), the load generator pinned to core 0.'
        : '`taskset` is missing, so nothing is pinned.'),
    `wegate: \`buildApp\` + \`createRuntime\` as \`wegate serve\` builds them (production mode, echo handlers), log level warn, loaded from the compiled \`dist/\` that \`npm start\` runs; the other servers run from source through tsx.`,
    '',
    '| server | req/s | p50 ms | p99 ms | errors | MsgIds used | server CPU | load CPU | req/s by round |',
    '|---|---:|---:|---:|---|---:|---:|---:|---|',
    ...rows.map(line),
    '',
    ...ratios(rows),
  ].join('\n');
}

/** Replaces (or appends) the `## <heading>` section of the file, leaving every other section as it was. */
export function writeSection(file: string, heading: string, body: string): void {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const marker = `\n## ${heading}\n`;
  const start = text.indexOf(marker);
  const section = `${marker}\n${body}\n`;
  if (start === -1) {
    writeFileSync(file, `${text.trimEnd()}\n${section}`);
    return;
  }
  const next = text.indexOf('\n## ', start + marker.length);
  writeFileSync(file, text.slice(0, start) + section + (next === -1 ? '' : text.slice(next)));
}

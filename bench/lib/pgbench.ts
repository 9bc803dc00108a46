/**
 * @module The machine's PostgreSQL anchor: `pgbench` TPC-B on the same server, in a scratch database
 * created and dropped here (`pgbench -i -s 1`, then `pgbench -c 8 -j 2 -T 15`).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/** `pgbench` on the PATH, or in a PostgreSQL installation's bin folder. */
export function findPgbench(): string {
  const root = '/usr/lib/postgresql';
  const installed = existsSync(root)
    ? readdirSync(root)
        .map((v) => `${root}/${v}/bin/pgbench`)
        .filter((p) => existsSync(p))
    : [];
  return installed[0] ?? 'pgbench';
}

export interface PgbenchResult {
  readonly tps: number;
  readonly command: string;
}

export async function runPgbench(url: string, seconds = 15): Promise<PgbenchResult> {
  const db = `pgbench_scratch_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${db}`);
  const target = new URL(url);
  target.pathname = `/${db}`;
  const bin = findPgbench();
  try {
    await run(bin, ['-i', '-s', '1', '-q', target.href]);
    const args = ['-c', '8', '-j', '2', '-T', String(seconds), target.href];
    const { stdout } = await run(bin, args);
    const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout)?.[1];
    if (!tps) throw new Error(`pgbench printed no tps: ${stdout}`);
    return { tps: Number(tps), command: `pgbench -c 8 -j 2 -T ${seconds}` };
  } finally {
    await admin.query(`drop database if exists ${db} with (force)`);
    await admin.end();
  }
}

/**
 * @module `node --import tsx bench/callback-inproc.ts`: the CPU one safe-mode push costs through the
 * node:http lane, driven in-process without sockets, for today's build and (with BENCH_BEFORE_DIST) an
 * earlier one, interleaved in one process. CPU time per push (process.cpuUsage) depends far less on other
 * work on the machine than requests per second do. Builds dist/ first, as the other benches do.
 */
import { spawnSync } from 'node:child_process';
import { IN_FLIGHT, measure, PUSHES, serverOf, type Drive } from './callback/inproc-server.js';
import { beforeBuild } from './lib/before-build.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);

if (spawnSync('npm', ['run', 'build'], { stdio: 'inherit' }).status !== 0) throw new Error('build failed');
const before = beforeBuild();
const builds: Array<[string, Drive]> = [['today', await serverOf({})]];
if (before) builds.push([`before (${before.label})`, await serverOf(before.env)]);
const perBuild = new Map<string, number[]>(builds.map(([name]) => [name, []]));
for (const [, drive] of builds) await measure(drive); // warm-up round, not kept
for (let round = 0; round < ROUNDS; round += 1) {
  const order = round % 2 === 0 ? builds : [...builds].reverse();
  for (const [name, drive] of order) perBuild.get(name)!.push(await measure(drive));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`${PUSHES} pushes × ${ROUNDS} rounds per build, ${IN_FLIGHT} in flight, CPU µs per push:`);
for (const [name, xs] of perBuild) {
  console.log(`| ${name} | ${median(xs).toFixed(1)} | ${xs.map((x) => x.toFixed(1)).join(' / ')} |`);
}
if (before) {
  const [today, earlier] = [...perBuild.values()] as [number[], number[]];
  const ratios = today.map((t, i) => t / earlier[i]!);
  console.log(
    `today / before, CPU per push: median ${median(ratios).toFixed(3)} (rounds ${ratios.map((r) => r.toFixed(3)).join(', ')})`,
  );
}
process.exit(0);

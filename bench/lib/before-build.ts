/**
 * @module The before/after knob of the benchmarks: `BENCH_BEFORE_DIST` names a `dist/` built from an
 * earlier commit, measured beside today's build in the same run (`BENCH_BEFORE_LABEL` names it in the
 * report). A bench child loads wegate through `distUrl`, which reads `BENCH_DIST` — set by the parent to
 * the earlier build for the "before" server, absent for today's.
 */

/** The earlier build to measure beside this one, or undefined when the knob is not set. */
export interface BeforeBuild {
  readonly dist: string;
  readonly label: string;
  /** The environment that makes a bench child load the earlier build. */
  readonly env: NodeJS.ProcessEnv;
}

export function beforeBuild(env: NodeJS.ProcessEnv = process.env): BeforeBuild | undefined {
  const dist = env.BENCH_BEFORE_DIST;
  if (!dist) return undefined;
  return { dist, label: env.BENCH_BEFORE_LABEL ?? dist, env: { BENCH_DIST: dist } };
}

/** The file URL of `path` (e.g. `server/main.js`) in the build this child measures. */
export function distUrl(path: string, env: NodeJS.ProcessEnv = process.env): string {
  const root = env.BENCH_DIST
    ? new URL(`file://${env.BENCH_DIST.replace(/\/?$/, '/')}`)
    : new URL('../../dist/', import.meta.url);
  return new URL(path, root).href;
}

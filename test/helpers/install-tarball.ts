/** @module installTarball: wegate as a user installs it — npm pack, extracted into a project's node_modules. */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ensureFreshDist, withBuildLock } from './fresh-dist.js';
import { ROOT } from './run-cli.js';

const run = promisify(execFile);

export interface InstalledTarball {
  /** The project folder: `package.json` (type module) and `node_modules/wegate`. */
  readonly project: string;
  /** The tarball's files, as `npm pack --json` lists them (`dist/index.js`, `README.md`…). */
  readonly files: readonly string[];
}

/**
 * Builds when a source is newer than dist, packs, and extracts the tarball into `<work>/<name>`. `work`
 * must lie inside the repository (e.g. `.tmp/…`): wegate's dependencies then resolve from the repository's
 * node_modules through Node's parent-directory lookup, so nothing is installed from the network.
 */
export async function installTarball(work: string, name = 'consumer'): Promise<InstalledTarball> {
  mkdirSync(work, { recursive: true });
  const { stdout } = await withBuildLock(async () => {
    await ensureFreshDist();
    return run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], {
      cwd: ROOT,
      maxBuffer: 64 * 1024 * 1024,
    });
  });
  const [packed] = JSON.parse(stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  if (!packed) throw new Error('npm pack reported nothing');
  const project = join(work, name);
  const target = join(project, 'node_modules', 'wegate');
  mkdirSync(target, { recursive: true });
  await run('tar', ['-xzf', join(work, packed.filename), '-C', target, '--strip-components=1']);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name, private: true, type: 'module' }));
  return { project, files: packed.files.map((f) => f.path) };
}

// Builds each package named on the command line (default: wegate itself, `.`) whose entry (`main` in its
// package.json) is missing or older than a source under its src/, so `npm start` and `npm run emulator` run
// today's code after a clone or an edit; otherwise it returns at once. Usage: build-if-stale.mjs [dir …]
// (The build is not an install script: a project installing the wegate tarball would be asked to approve it.)
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

function builtAt(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

const dirs = process.argv.length > 2 ? process.argv.slice(2) : ['.'];
for (const dir of dirs.map((d) => resolve(root, d))) {
  const { main } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const built = builtAt(join(dir, main));
  if (built === 0 || newest(join(dir, 'src')) > built) {
    const result = spawnSync('npm', ['run', 'build'], { cwd: dir, stdio: 'inherit' });
    if (result.status !== 0) process.exit(result.status ?? 1);
  }
}

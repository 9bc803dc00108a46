// Builds dist/ when it is missing or a source under src/ is newer than dist/cli.js, so `npm start` and
// `npm run emulator` run today's code after a clone or an edit; otherwise it returns at once.
// (The build is not an install script: a project installing the wegate tarball would be asked to approve it.)
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

let built = 0;
try {
  built = statSync(join(root, 'dist', 'cli.js')).mtimeMs;
} catch {
  built = 0;
}
if (built === 0 || newest(join(root, 'src')) > built) {
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  process.exit(result.status ?? 1);
}

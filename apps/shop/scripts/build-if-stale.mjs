// Builds apps/shop/dist when it is missing or a source under apps/shop/src is newer than its entry, so
// `npm start` in sandbox mode loads today's shop; otherwise it returns at once.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const shop = new URL('..', import.meta.url).pathname;

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
  built = statSync(join(shop, 'dist', 'index.js')).mtimeMs;
} catch {
  built = 0;
}
if (built === 0 || newest(join(shop, 'src')) > built) {
  const result = spawnSync('npm', ['run', 'build'], { cwd: shop, stdio: 'inherit' });
  process.exit(result.status ?? 1);
}

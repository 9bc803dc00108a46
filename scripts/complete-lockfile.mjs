// Adds lock entries for platform-specific optional packages that the registry mirror does not serve
// (npm leaves them out of package-lock.json, and `npm ci` then refuses the lock as out of sync).
// Entries for other platforms are never installed here, so they carry only version, os and cpu.
// Run after `npm install` changes the lock: `node scripts/complete-lockfile.mjs`.
import { readFileSync, writeFileSync } from 'node:fs';

const PLATFORM =
  /-(darwin|linux|win32|freebsd|android|sunos|aix|openbsd)-(x64|arm64|arm|ia32|ppc64|s390x|riscv64|loong64)(?:-(gnu|musl|msvc))?$/;
const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
let added = 0;
for (const [path, entry] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    const match = PLATFORM.exec(name);
    if (lock.packages[key] || lock.packages[`${path}/${key}`] || !match) continue;
    lock.packages[key] = { version, cpu: [match[2]], license: entry.license, optional: true, os: [match[1]] };
    added += 1;
  }
}
const ordered = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) =>
    a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0,
  ),
);
writeFileSync(file, JSON.stringify({ ...lock, packages: ordered }, null, 2) + '\n');
console.log(`complete-lockfile: ${added} entr${added === 1 ? 'y' : 'ies'} added`);

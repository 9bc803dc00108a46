/** @module Opens one SQLite file from several processes at once and migrates it, as several servers starting do. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

/**
 * The exit codes of `count` processes that each open `file` and run wegate's migrations at the same
 * time. Separate processes, because better-sqlite3 waits for another connection's lock synchronously.
 */
export function migrateInProcesses(file: string, count: number): Promise<number[]> {
  const store = JSON.stringify(join(process.cwd(), 'src/adapters/sqlite/store.ts'));
  const script = `import { createSqliteStore } from ${store};
    const s = createSqliteStore({ file: ${JSON.stringify(file)} }); await s.migrate(); await s.close();`;
  const run = () =>
    new Promise<number>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        stdio: 'inherit',
      });
      child.on('exit', (code) => resolve(code ?? -1));
    });
  return Promise.all(Array.from({ length: count }, run));
}

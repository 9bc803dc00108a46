/**
 * Bench child: the sandbox server (in-process emulator) serving GET /jssdk/config, loaded from the
 * compiled `dist/` that `npm start` runs (`npm run bench:jssdk` builds it first); prints `READY <port>`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as MainModule from '../../src/server/main.js';
import { distUrl } from '../lib/before-build.js';

// BENCH_DIST names another build (an earlier commit's dist/) to measure it in the same run.
const { main } = (await import(distUrl('server/main.js'))) as typeof MainModule;

const dataDir = mkdtempSync(join(tmpdir(), 'wegate-bench-jssdk-'));
const port = Number(process.env.BENCH_PORT);
const server = await main({
  env: {
    PORT: String(port),
    HOST: '127.0.0.1',
    WEGATE_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    PATH: process.env.PATH,
    // BENCH_WEGATE_PLUGINS=, : the sandbox server without the shop it loads by default (as builds before it).
    ...(process.env.BENCH_WEGATE_PLUGINS === undefined
      ? {}
      : { WEGATE_PLUGINS: process.env.BENCH_WEGATE_PLUGINS }),
  },
  cwd: dataDir,
});
// Warm the ticket so the first measured request does not pay the fetch.
await server.deps.apps.oa!.tickets.get('jsapi');
process.stdout.write(`READY ${port}\n`);

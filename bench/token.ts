/** @module Token broker and API client throughput: `node --import tsx bench/token.ts` prints a markdown table. */
import { cpus, platform, release } from 'node:os';
import { Agent, request } from 'undici';
import { createMemoryCache, createMemoryLock } from '../src/adapters/memory/index.js';
import { createAccessTokenBroker } from '../src/kernel/credential/index.js';
import { createApiClient } from '../src/kernel/http/index.js';
import { startFakeWeChat } from '../test/helpers/fake-wechat.js';

const APPID = 'wxbench000000001';
const SECRET = 'bench-secret-0123456789abcdef012';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const CONCURRENCY = 32;

interface Server {
  url: string;
  label: string;
  close(): Promise<void>;
}

/** The emulator when it is there, the unit-test fake otherwise. */
async function startServer(): Promise<Server> {
  try {
    const emulator = await import('../src/emulator/index.js');
    const world = emulator.createWorld({
      apps: [{ appid: APPID, secret: SECRET, type: 'official-account' }],
    });
    const app = emulator.buildEmulatorApp({ world, control: false });
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    return { url: address, label: 'emulator (Fastify)', close: () => app.close() };
  } catch {
    const fake = await startFakeWeChat({ appid: APPID, secret: SECRET });
    return { url: fake.url, label: 'fake WeChat (node:http)', close: fake.close };
  }
}

/** Calls `op` sequentially in batches until `SECONDS` pass; returns calls per second. */
async function sequential(op: () => Promise<unknown>): Promise<number> {
  const until = performance.now() + SECONDS * 1000;
  const started = performance.now();
  let calls = 0;
  while (performance.now() < until) {
    for (let i = 0; i < 1000; i += 1) await op();
    calls += 1000;
  }
  return calls / ((performance.now() - started) / 1000);
}

/** Keeps `CONCURRENCY` calls in flight for `SECONDS`; returns calls per second. */
async function concurrent(op: () => Promise<unknown>, seconds = SECONDS): Promise<number> {
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  let calls = 0;
  const worker = async (): Promise<void> => {
    while (performance.now() < until) {
      await op();
      calls += 1;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return calls / ((performance.now() - started) / 1000);
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

async function main(): Promise<void> {
  const server = await startServer();
  const cache = createMemoryCache();
  const lock = createMemoryLock();
  const options = { appid: APPID, secret: SECRET, baseUrl: server.url, mode: 'classic' as const };
  const broker = createAccessTokenBroker(options, { cache, lock });
  const token = await broker.get();

  const inProcess = await sequential(() => broker.get());
  // A new broker per call has no in-process copy: each get() reads the shared memory cache.
  const fromCache = await sequential(() => createAccessTokenBroker(options, { cache, lock }).get());
  const api = createApiClient({ baseUrl: server.url }, { tokens: broker });
  const agent = new Agent({ connections: 64, pipelining: 1, keepAliveTimeout: 30_000 });
  const bareUrl = `${server.url}/cgi-bin/getcallbackip?access_token=${encodeURIComponent(token)}`;
  const bareCall = async (): Promise<void> => {
    const res = await request(bareUrl, { dispatcher: agent });
    await res.body.json();
  };
  const clientCall = (): Promise<unknown> => api.get('/cgi-bin/getcallbackip');
  // Warm both paths (JIT, sockets, the server) before either is measured.
  await concurrent(clientCall, 0.5);
  await concurrent(bareCall, 0.5);
  // Alternate short rounds so load from other processes on the machine hits both alike.
  const rounds = 4;
  let bare = 0;
  let viaClient = 0;
  for (let r = 0; r < rounds; r += 1) {
    bare += (await concurrent(bareCall, SECONDS / rounds)) / rounds;
    viaClient += (await concurrent(clientCall, SECONDS / rounds)) / rounds;
  }

  await Promise.all([api.close(), agent.close(), server.close(), cache.close(), lock.close()]);
  const rows = [
    ['`broker.get()`, in-process copy', fmt(inProcess), '—'],
    [
      '`broker.get()`, copy only in the memory cache (new broker per call)',
      fmt(fromCache),
      `${(inProcess / fromCache).toFixed(1)}× slower than in-process`,
    ],
    [
      `\`api.get('/cgi-bin/getcallbackip')\` through the client, ${CONCURRENCY} in flight`,
      fmt(viaClient),
      `${((viaClient / bare) * 100).toFixed(0)}% of bare undici`,
    ],
    [`bare undici \`request()\` loop, same endpoint, ${CONCURRENCY} in flight (peer)`, fmt(bare), '—'],
  ];
  const lines = [
    `Command: \`node --import tsx bench/token.ts\` (${SECONDS} s per measurement; server: ${server.label})`,
    `Machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${platform()} ${release()}, Node ${process.version}`,
    '',
    '| measurement | calls/s | ratio |',
    '|---|---:|---|',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();

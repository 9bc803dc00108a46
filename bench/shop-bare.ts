/**
 * @module The bare peer of bench:shop's product list: one Fastify JSON route answering the same document
 * the shop's cached list answered (read from BENCH_BARE_BODY, a file), in its own process. Prints its port.
 */
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

const document: unknown = JSON.parse(readFileSync(process.env.BENCH_BARE_BODY!, 'utf8'));
const app = Fastify({ logger: false });
app.get('/api/shop/products', async () => document);
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
console.log(JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 }));
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));

/** Bench child: a bare Fastify route answering a JSON body of the same size; prints `READY <port>`. */
import Fastify from 'fastify';

const port = Number(process.env.BENCH_PORT);
const app = Fastify({ logger: false });
const body = {
  code: 0,
  message: 'ok',
  data: {
    appId: 'wx0123456789abcdef',
    timestamp: 0,
    nonceStr: 'abcdefghijklmnop',
    signature: 'f'.repeat(40),
  },
};
app.get('/jssdk/config', async () => body);
await app.listen({ port, host: '127.0.0.1' });
process.stdout.write(`READY ${port}\n`);

/** @module GET /cgi-bin/showqrcode?ticket= — the QR image of a ticket (mp.weixin.qq.com; no access_token). */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { queryValue } from '../../pipeline/wechat-route.js';
import type { World } from '../../world/world.js';

const GRID = 25;
const CELL = 10;

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** An SVG whose modules are drawn from the code's URL (not a scannable QR) and which carries the ticket. */
export function renderQrSvg(ticket: string, url: string): string {
  const bits = createHash('sha512').update(url).digest();
  const cells: string[] = [];
  for (let i = 0; i < GRID * GRID; i += 1) {
    const byte = bits[(i >> 3) % bits.length] ?? 0;
    if ((byte >> (i & 7)) & 1)
      cells.push(
        `<rect x="${(i % GRID) * CELL}" y="${Math.floor(i / GRID) * CELL}" width="${CELL}" height="${CELL}"/>`,
      );
  }
  const size = GRID * CELL;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">` +
    `<title>${escapeXml(url)}</title><desc>${escapeXml(ticket)}</desc>` +
    `<rect width="${size}" height="${size}" fill="#fff"/><g fill="#000">${cells.join('')}</g></svg>`
  );
}

/** Registers the image route; unknown and expired tickets answer 404 like a dead link. */
export function registerCgiBinShowqrcode(app: FastifyInstance, world: World): void {
  app.get('/cgi-bin/showqrcode', async (request, reply) => {
    const ticket = queryValue((request.query as Record<string, unknown>)['ticket']);
    const issued = ticket === undefined ? undefined : world.qrcodes.find(ticket);
    if (!issued || world.qrcodes.expired(issued)) {
      return reply.code(404).type('text/plain; charset=utf-8').send('ticket not found or expired');
    }
    return reply.type('image/svg+xml').send(renderQrSvg(issued.ticket, issued.url));
  });
}

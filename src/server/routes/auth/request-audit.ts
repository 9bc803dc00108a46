/** @module auditFields: who-independent audit fields of a request — address, user agent and trace id. */
import type { FastifyRequest } from 'fastify';
import type { AuditEntry } from '../../../audit/index.js';

/** `ip` is `request.ip`, which believes X-Forwarded-For only from WEGATE_TRUST_PROXY. */
export function auditFields(request: FastifyRequest): Pick<AuditEntry, 'ip' | 'userAgent' | 'traceId'> {
  const userAgent = request.headers['user-agent'];
  return { ip: request.ip, ...(userAgent ? { userAgent } : {}), traceId: request.id };
}

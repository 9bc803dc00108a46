/** @module GET /api/admin/audit: the audit log for operators, behind WEGATE_ADMIN_KEY, newest first. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AuditLog } from '../../../audit/index.js';
import type { WegateConfig } from '../../../config/config.types.js';
import { ApiProblem } from '../../envelope/index.js';
import { ok } from '../../plugins/envelope.js';
import { createRequireAdmin } from '../../register-plugins.js';
import type { ServerDeps } from '../../server-deps.types.js';

const AuditQuery = Type.Object(
  {
    action: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    userId: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    /** Epoch ms or an ISO 8601 time. */
    since: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })),
  },
  { additionalProperties: false },
);

function sinceOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const at = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isFinite(at))
    throw new ApiProblem('ValidationFailed', 'since must be epoch ms or an ISO 8601 time');
  return at;
}

export function registerAdmin(app: FastifyInstance, config: WegateConfig, deps: ServerDeps): void {
  const audit: AuditLog | undefined = deps.audit;
  if (!audit) return;
  const requireAdmin = createRequireAdmin(config.secrets.adminKey);
  app
    .withTypeProvider<TypeBoxTypeProvider>()
    .get(
      '/api/admin/audit',
      { schema: { querystring: AuditQuery }, preHandler: requireAdmin },
      async (request) => {
        const { since, ...rest } = request.query;
        const at = sinceOf(since);
        const page = await audit
          .query({ ...rest, ...(at === undefined ? {} : { since: at }) })
          .catch((error: unknown) => {
            if (error instanceof RangeError) throw new ApiProblem('ValidationFailed', error.message);
            throw error;
          });
        // Reading the audit log is itself an admin action.
        await audit.record({
          actor: 'key:admin',
          action: 'admin.audit.read',
          after: request.query,
          ip: request.ip,
          ...(request.headers['user-agent'] ? { userAgent: request.headers['user-agent'] } : {}),
          result: 'ok',
          traceId: request.id,
        });
        return ok(page);
      },
    );
}

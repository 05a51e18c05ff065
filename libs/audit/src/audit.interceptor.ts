/**
 * Records every call to an @Audited route before the answer leaves: a read of a person's
 * record that cannot be audited is not answered (fail closed). Refusals are recorded too.
 */
import { CallHandler, ExecutionContext, HttpException, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { catchError, from, map, mergeMap, Observable } from 'rxjs';
import type { AuthenticatedUser } from '@throughcare/auth';
import { ProblemException } from '@throughcare/problem';
import { AUDIT_SPEC, AuditSpec } from './audited.decorator';
import { AuditService } from './audit.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const spec = this.reflector.get<AuditSpec | undefined>(AUDIT_SPEC, context.getHandler());
    const http = context.switchToHttp();
    const request = http.getRequest<Request & { user?: AuthenticatedUser; id?: unknown }>();
    if (!spec || !request.user) return next.handle();
    const record = (status: number, body?: Record<string, unknown>) => {
      const param = typeof request.params.id === 'string' && UUID.test(request.params.id) ? request.params.id : undefined;
      const fromBody = (key: string) => (typeof body?.[key] === 'string' ? (body[key] as string) : undefined);
      const base = {
        user: request.user!,
        action: spec.action.replace(':action', String(request.params.action ?? '')),
        status,
        correlationId: typeof request.id === 'string' ? request.id : undefined,
      };
      if (spec.subject === 'pathway-list') {
        const items = Array.isArray(body?.items) ? (body.items as Array<{ id?: unknown }>) : [];
        const shown = items.filter((i) => typeof i.id === 'string').map((i) => ({ ...base, pathwayId: i.id as string }));
        return this.audit.record(...(shown.length > 0 ? shown : [base]));
      }
      const pathwayId = spec.subject === 'pathway-param' ? param : fromBody(spec.subject === 'task-param' ? 'pathwayId' : 'id');
      return this.audit.record({ ...base, pathwayId, taskId: spec.subject === 'task-param' ? param : undefined });
    };
    return next.handle().pipe(
      mergeMap((body: unknown) =>
        from(record(http.getResponse<Response>().statusCode, body as Record<string, unknown>)).pipe(map(() => body)),
      ),
      catchError((err: unknown) => from(record(statusOf(err)).then(() => Promise.reject(err)))),
    );
  }
}

function statusOf(err: unknown): number {
  if (err instanceof ProblemException) return err.problem.status;
  if (err instanceof HttpException) return err.getStatus();
  return 500;
}

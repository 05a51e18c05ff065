/**
 * Records every call to an @Audited route before the answer leaves: a read of a person's
 * record that cannot be audited is not answered (fail closed). Refusals are recorded too.
 */
import { CallHandler, ExecutionContext, HttpException, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { catchError, from, map, mergeMap, Observable } from 'rxjs';
import type { AuthenticatedUser } from '@throughcare/auth';
import { DomainError, ProblemException, toProblem } from '@throughcare/problem';
import { AUDIT_SPEC, AuditSpec, AuditSubject } from './audited.decorator';
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
      const base = {
        user: request.user!,
        action: spec.action.replace(':action', String(request.params.action ?? '')),
        status,
        correlationId: typeof request.id === 'string' ? request.id : undefined,
      };
      const lines = linesFor(spec.subject, request.params, body, request.body as Record<string, unknown> | undefined, request);
      return this.audit.record(...(lines.length > 0 ? lines.map((line) => ({ ...base, ...line })) : [base]));
    };
    return next.handle().pipe(
      mergeMap((body: unknown) =>
        from(record(http.getResponse<Response>().statusCode, body as Record<string, unknown>)).pipe(map(() => body)),
      ),
      catchError((err: unknown) => from(record(statusOf(err)).then(() => Promise.reject(err)))),
    );
  }
}

export type AuditSubjectLine = { pathwayId?: string; taskId?: string; target?: string };
type Subject = AuditSubjectLine;

const SUBJECTS = Symbol('audit subjects');

/** Names what a `fhir`-audited call showed or changed, one line each (the resources are not shaped as /v1's). */
export function auditSubjects(request: object, subjects: AuditSubjectLine[]): void {
  const named = request as { [SUBJECTS]?: AuditSubjectLine[] };
  named[SUBJECTS] = [...(named[SUBJECTS] ?? []), ...subjects];
}

/** What one call touched, as audit lines; a page gives one line per item shown. */
function linesFor(
  subject: AuditSubject,
  params: Record<string, unknown>,
  body: Record<string, unknown> | undefined,
  requestBody: Record<string, unknown> | undefined,
  request: Pick<Request, 'path' | 'query'> & { [SUBJECTS]?: AuditSubjectLine[] },
): Subject[] {
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const uuid = (value: unknown) => (typeof value === 'string' && UUID.test(value) ? value : undefined);
  const items = Array.isArray(body?.items) ? (body.items as Array<Record<string, unknown>>) : [];
  switch (subject) {
    case 'pathway-param':
      // An answer that showed the person's mobile number says so (a pathway's `contact`, or the contact itself).
      return [{ pathwayId: uuid(params.id), target: showsMobileNumber(body) ? 'pathway-contact' : undefined }];
    case 'pathway-response':
      return [{ pathwayId: uuid(body?.id) }];
    case 'task-param':
      return [{ pathwayId: uuid(body?.pathwayId), taskId: uuid(params.id) }];
    case 'pathway-list': {
      // A search for a person says so on each pathway it found (and once when it found none);
      // the words searched are personal data and are not kept.
      const target = typeof request.query.q === 'string' ? 'pathway-search' : undefined;
      const found = items.map((i) => ({ pathwayId: uuid(i.id), target }));
      return found.length === 0 && target ? [{ target }] : found;
    }
    case 'task-list':
      return items.map((i) => ({ pathwayId: uuid(i.pathwayId), taskId: uuid(i.id) }));
    case 'escalation-list':
    case 'notification-list':
      return items.map((i) => ({ pathwayId: uuid(i.pathwayId), taskId: uuid(i.taskId) }));
    case 'notification':
      return [{ pathwayId: uuid(body?.pathwayId), taskId: uuid(body?.taskId) }];
    case 'organisation':
      return [{ target: `organisation:${text(params.code) ?? text(body?.code) ?? text(requestBody?.code) ?? '?'}` }];
    case 'policy':
      // The version exists only once created; a refused attempt names the policy asked for.
      return [{ target: body ? `policy:${text(body.id)}@${String(body.version)}` : `policy:${text(requestBody?.id) ?? '?'}` }];
    case 'release-import':
      return [{ target: `release-import:${uuid(params.id) ?? uuid(body?.id) ?? '?'}` }];
    case 'release-import-list':
      return items.length === 0 ? [{ target: 'release-import-list' }] : items.map((i) => ({ target: `release-import:${uuid(i.id) ?? '?'}` }));
    case 'codec': {
      const payloads = Array.isArray(requestBody?.payloads) ? requestBody.payloads.length : 0;
      return [{ target: `codec:${request.path.split('/').pop() ?? '?'}:${payloads}` }];
    }
    case 'area':
      return [{ target: `area:${text(params.area) ?? '?'}` }];
    case 'intake-review-list':
      return items.map((i) => ({ pathwayId: uuid(i.pathwayId), target: `intake-review:${uuid(i.id) ?? '?'}` }));
    case 'intake-review':
      return [{ pathwayId: uuid(body?.pathwayId), target: `intake-review:${uuid(params.id) ?? '?'}` }];
    case 'intake-events':
      return [{ target: 'intake-events' }];
    case 'report': {
      // The period and grouping asked for: no personal data is ever in a report's query.
      const asked = ['from', 'to', 'groupBy'].map((k) => `${k}=${text(request.query[k]) ?? ''}`).join('&');
      return [{ target: `report:${request.path.replace(/^\/v1\/reports\//, '')}?${asked}`.slice(0, 300) }];
    }
    case 'fhir':
      // What the handler named; nothing when it answered with nothing about anyone (a refusal, an empty page).
      return (body ? request[SUBJECTS] : undefined)?.map((s) => ({ pathwayId: uuid(s.pathwayId), taskId: uuid(s.taskId), target: s.target })) ?? [{ target: `fhir:${request.path}`.slice(0, 300) }];
  }
}

function showsMobileNumber(body: Record<string, unknown> | undefined): boolean {
  const contact = body?.contact as Record<string, unknown> | null | undefined;
  return typeof body?.mobileNumber === 'string' || typeof contact?.mobileNumber === 'string';
}

function statusOf(err: unknown): number {
  if (err instanceof ProblemException || err instanceof DomainError) return toProblem(err).problem.status;
  if (err instanceof HttpException) return err.getStatus();
  return 500;
}

/**
 * Marks a route whose every call, allowed or refused, goes into the audit log: who, which
 * organisation and roles, what, on which pathway (and task), when, with the correlation id.
 */
import { SetMetadata } from '@nestjs/common';

/** Where the route finds the pathway (and task) it touches. */
export type AuditSubject =
  /** `:id` is the pathway. */
  | 'pathway-param'
  /** The response's `id` is the pathway (registration). */
  | 'pathway-response'
  /** `:id` is a task; the response's `pathwayId` is its pathway. */
  | 'task-param'
  /** A page of pathways: one line for each pathway shown (`items[].id`). */
  | 'pathway-list'
  /** A page of tasks or escalations: one line for each shown (`items[].pathwayId`, `items[].taskId` or `id`). */
  | 'task-list'
  | 'escalation-list'
  /** A page of notifications: one line for each shown (`items[].pathwayId`, `items[].taskId`). */
  | 'notification-list'
  /** One notification: the response's `pathwayId` and `taskId`. */
  | 'notification'
  /** An organisation, by `:code` or, when created, the response's `code`. */
  | 'organisation'
  /** A policy version: the response's `id` and `version`. */
  | 'policy'
  /** An area's choice of policy: `:area`. */
  | 'area'
  /** A list of releases sent at once: the response's `id`, or `:id`. */
  | 'release-import'
  /** A page of a prison's past imports: one line for each shown (`items[].id`), or one saying none were. */
  | 'release-import-list'
  /** Temporal's remote codec: one line naming the operation and how many payloads. */
  | 'codec'
  /** A report over many pathways: one line naming the report and its period and grouping. */
  | 'report'
  /**
   * The FHIR API: the pathways (and tasks) the answer showed or changed, as the handler named
   * them with `auditSubjects`; a refusal, one line naming the request's path.
   */
  | 'fhir'
  /** A page of movements to review: one line for each shown (`items[].pathwayId`, `items[].id`). */
  | 'intake-review-list'
  /** One movement to review, by `:id`: its pathway is the response's `pathwayId`. */
  | 'intake-review'
  /** The admin view of HMPPS events: one line, no pathway. */
  | 'intake-events';

export interface AuditSpec {
  /** e.g. `pathway.read`; `:action` is replaced by the route's action parameter. */
  action: string;
  subject: AuditSubject;
}

export const AUDIT_SPEC = 'throughcare:audit';

export const Audited = (action: string, subject: AuditSubject) => SetMetadata(AUDIT_SPEC, { action, subject } satisfies AuditSpec);

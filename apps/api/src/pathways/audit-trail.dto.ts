import { AuditEntryEntity } from '@throughcare/persistence';

export class AuditActorDto {
  sub: string;
  org: string;
  roles: string[];
}

export class AuditEntryResponseDto {
  at: string;
  actor: AuditActorDto;
  action: string;
  taskId: string | null;
  /** The HTTP status answered. */
  status: number;
  correlationId: string | null;
}

export function mapAuditEntry(e: AuditEntryEntity): AuditEntryResponseDto {
  return {
    at: e.at.toISOString(),
    actor: { sub: e.actorSub, org: e.actorOrg, roles: e.actorRoles },
    action: e.action,
    taskId: e.taskId,
    status: e.status,
    correlationId: e.correlationId,
  };
}

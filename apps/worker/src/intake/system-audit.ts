/** The audit entry of a change Throughcare made by itself from HMPPS events: who (the system), to which pathway, from what. */
import { DataSource, EntityManager } from 'typeorm';
import { AuditEntryEntity } from '@throughcare/persistence';

/** The actor of every change made from HMPPS events, in the audit log and the pathway's timeline. */
export const HMPPS_ACTOR = 'system:hmpps-domain-events';

export interface SystemChange {
  action: string;
  pathwayId: string;
  /** The organisation the change is made for (the prison). */
  org: string;
  /** What caused it: `hmpps-message:{MessageId}`, or `hmpps-date-check:{key}` for a debounced read. */
  target: string;
  correlationId: string;
}

export async function auditSystemChange(db: DataSource | EntityManager, change: SystemChange): Promise<void> {
  await db.getRepository(AuditEntryEntity).insert({
    actorSub: HMPPS_ACTOR,
    actorOrg: change.org,
    actorRoles: [],
    action: change.action,
    pathwayId: change.pathwayId,
    target: change.target,
    status: 200,
    correlationId: change.correlationId,
  });
}

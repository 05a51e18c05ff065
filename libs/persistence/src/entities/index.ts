import { AuditEntryEntity } from './audit-entry.entity';
import { EscalationEntity } from './escalation.entity';
import { IntakeInboxEntity, IntakeReviewItemEntity } from './intake.entity';
import { NotificationEntity } from './notification.entity';
import { OrganisationEntity } from './organisation.entity';
import { PathwayEventEntity } from './pathway-event.entity';
import { PathwayFaultEntity } from './pathway-fault.entity';
import { PathwayEntity } from './pathway.entity';
import { PathwayPersonEntity } from './pathway-person.entity';
import { PersonEntity } from './person.entity';
import { AreaPolicyEntity, PolicyEntity } from './policy.entity';
import { ReleaseImportEntity, ReleaseImportRowEntity } from './release-import.entity';
import { TaskEntity } from './task.entity';

export * from './audit-entry.entity';
export * from './escalation.entity';
export * from './intake.entity';
export * from './notification.entity';
export * from './organisation.entity';
export * from './pathway-event.entity';
export * from './pathway-fault.entity';
export * from './pathway.entity';
export * from './pathway-person.entity';
export * from './person.entity';
export * from './policy.entity';
export * from './release-import.entity';
export * from './task.entity';

export const ENTITIES = [
  OrganisationEntity,
  PersonEntity,
  PathwayEntity,
  PathwayPersonEntity,
  TaskEntity,
  EscalationEntity,
  PathwayEventEntity,
  PathwayFaultEntity,
  PolicyEntity,
  AreaPolicyEntity,
  AuditEntryEntity,
  NotificationEntity,
  ReleaseImportEntity,
  ReleaseImportRowEntity,
  IntakeInboxEntity,
  IntakeReviewItemEntity,
];

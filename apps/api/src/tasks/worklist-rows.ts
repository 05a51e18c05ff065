/**
 * A worklist page's tasks, read raw (common/raw-rows.ts): only the columns its items, the access
 * rules, the actions and the start rule read of each task, its pathway and its person.
 */
import type { SelectQueryBuilder } from 'typeorm';
import type { PathwayEntity, PathwayPersonEntity, TaskEntity } from '@throughcare/persistence';
import { type Columns, rawRows } from '../common/raw-rows';
import type { MappedTask } from './task.dto';

type PathwayField = 'status' | 'prisonCode' | 'registeringPrisonCode' | 'communityTreatmentCode' | 'probationCode' | 'commissionerCode' | 'destinationArea' | 'consentToShare' | 'policyId' | 'policyVersion' | 'releaseDay' | 'registeredAt';
type PersonField = 'prisonNumber' | 'givenName' | 'familyName';

/** A task as the worklist reads it: what mapTask, recordViewFor, taskActionsFor and taskStarts need of it and its pathway. */
export type WorklistTask = MappedTask & { pathway: Pick<PathwayEntity, PathwayField> & { person: Pick<PathwayPersonEntity, PersonField> | null } };

/** Flat, as read: the pathway's fields and its person's (null without a person row) beside the task's. */
type Row = Omit<WorklistTask, 'pathway'> & Pick<PathwayEntity, PathwayField> & { [K in PersonField]: string | null };

/** On the worklist's aliases: `t` the task, `p` its pathway, `person` its person. */
const COLUMNS: Columns<Row> = {
  id: 't.id',
  pathwayId: 't.pathway_id',
  type: 't.type',
  ownerType: 't.owner_type',
  ownerCode: 't.owner_code',
  state: 't.state',
  critical: 't.critical',
  dueAt: 't.due_at',
  escalationLevel: 't.escalation_level',
  issuedAt: 't.issued_at',
  completedAt: 't.completed_at',
  completedBy: 't.completed_by',
  outcome: 't.outcome',
  details: 't.details',
  cancelReason: 't.cancel_reason',
  status: 'p.status',
  prisonCode: 'p.prison_code',
  registeringPrisonCode: 'p.registering_prison_code',
  communityTreatmentCode: 'p.community_treatment_code',
  probationCode: 'p.probation_code',
  commissionerCode: 'p.commissioner_code',
  destinationArea: 'p.destination_area',
  consentToShare: 'p.consent_to_share',
  policyId: 'p.policy_id',
  policyVersion: 'p.policy_version',
  releaseDay: 'p.release_day::text',
  registeredAt: 'p.registered_at',
  prisonNumber: 'person.prison_number',
  givenName: 'person.given_name',
  familyName: 'person.family_name',
};

export async function worklistTasks(query: SelectQueryBuilder<TaskEntity>): Promise<WorklistTask[]> {
  return (await rawRows(query, COLUMNS)).map(
    ({ status, prisonCode, registeringPrisonCode, communityTreatmentCode, probationCode, commissionerCode, destinationArea, consentToShare, policyId, policyVersion, releaseDay, registeredAt, prisonNumber, givenName, familyName, ...task }) => ({
      ...task,
      pathway: {
        status,
        prisonCode,
        registeringPrisonCode,
        communityTreatmentCode,
        probationCode,
        commissionerCode,
        destinationArea,
        consentToShare,
        policyId,
        policyVersion,
        releaseDay,
        registeredAt,
        person: prisonNumber === null ? null : { prisonNumber, givenName: givenName!, familyName: familyName! },
      },
    }),
  );
}

/** Pathway responses; `mapPathway` is the one way a pathway becomes a response. */
import { OmitType } from '@nestjs/swagger';
import { EscalationEntity, PathwayEntity, PathwayEventEntity, TaskEntity } from '@throughcare/persistence';
import { EscalationResponseDto, mapEscalation } from '../escalations/escalation.dto';
import { mapTask, TaskResponseDto } from '../tasks/task.dto';
import type { RecordView } from './pathway-access';

export class ActorDto {
  sub: string;
  org: string;
}

export class TimelineEntryDto {
  seq: number;
  type: string;
  at: string;
  actor: ActorDto | null;
  /** The request that caused it; absent when a deadline did. */
  correlationId: string | null;
  details: Record<string, string | boolean | null>;
}

export class PersonResponseDto {
  prisonNumber: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  nhsNumber: string | null;
}

export class RoutedOrganisationsDto {
  communityTreatment: string;
  probation: string;
  commissioner: string;
}

export class TreatmentViewDto {
  substances: string[];
  onOst: boolean;
  consentToShare: boolean;
}

export class PolicyRefDto {
  id: string;
  version: number;
}

export class PathwayResponseDto {
  id: string;
  status: string;
  /** Withheld from commissioners, who oversee the area's pathways without needing who. */
  person: PersonResponseDto | null;
  prisonCode: string;
  destinationArea: string;
  organisations: RoutedOrganisationsDto;
  releaseDate: string;
  releaseDateType: string;
  expectedReleaseDate: string | null;
  releaseDateAdjustedFrom: string | null;
  releasedOn: string | null;
  /** engaged, not-engaged or excluded, once decided. */
  outcome: string | null;
  outcomeAt: string | null;
  /** For healthcare organisations; for probation only with the person's consent to share. */
  treatment: TreatmentViewDto | null;
  policy: PolicyRefDto;
  registeredAt: string;
  tasks: TaskResponseDto[];
  escalations: EscalationResponseDto[];
  timeline: TimelineEntryDto[];
}

export interface PathwayRecord {
  pathway: PathwayEntity;
  tasks: TaskEntity[];
  escalations: EscalationEntity[];
  events: PathwayEventEntity[];
}

export function mapPathway({ pathway, tasks, escalations, events }: PathwayRecord, view: RecordView): PathwayResponseDto {
  return {
    ...mapPathwaySummary(pathway, view),
    tasks: tasks.map((t) => mapTask(t)),
    escalations: escalations.map(mapEscalation),
    timeline: events.map((e) => ({
      seq: e.seq,
      type: e.type,
      at: e.at.toISOString(),
      actor: e.actorSub && e.actorOrg ? { sub: e.actorSub, org: e.actorOrg } : null,
      correlationId: e.correlationId,
      details: e.details,
    })),
  };
}

export class PathwaySummaryDto extends OmitType(PathwayResponseDto, ['tasks', 'escalations', 'timeline'] as const) {}

export class PathwayPageDto {
  items: PathwaySummaryDto[];
  nextCursor: string | null;
}

/** The pathway without its tasks, minimised to what the caller's organisation needs. */
export function mapPathwaySummary(pathway: PathwayEntity, view: RecordView): PathwaySummaryDto {
  const person = pathway.person!;
  const treatment = view === 'healthcare' || (view === 'probation' && pathway.consentToShare);
  return {
    id: pathway.id,
    status: pathway.status,
    person:
      view === 'commissioner'
        ? null
        : {
            prisonNumber: person.prisonNumber,
            givenName: person.givenName,
            familyName: person.familyName,
            dateOfBirth: person.dateOfBirth,
            nhsNumber: person.nhsNumber,
          },
    prisonCode: pathway.prisonCode,
    destinationArea: pathway.destinationArea,
    organisations: {
      communityTreatment: pathway.communityTreatmentCode,
      probation: pathway.probationCode,
      commissioner: pathway.commissionerCode,
    },
    releaseDate: pathway.releaseDate,
    releaseDateType: pathway.releaseDateType,
    expectedReleaseDate: pathway.expectedReleaseDate,
    releaseDateAdjustedFrom: pathway.releaseDateAdjustedFrom,
    releasedOn: pathway.releasedOn,
    outcome: pathway.outcome,
    outcomeAt: pathway.outcomeAt?.toISOString() ?? null,
    treatment: treatment ? { substances: pathway.substances, onOst: pathway.onOst, consentToShare: pathway.consentToShare } : null,
    policy: { id: pathway.policyId, version: pathway.policyVersion },
    registeredAt: pathway.registeredAt.toISOString(),
  };
}

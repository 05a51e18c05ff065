/** Pathway responses; `mapPathway` is the one way a pathway becomes a response. */
import { OmitType } from '@nestjs/swagger';
import { EscalationEntity, PathwayEntity, PathwayEventEntity, type PathwayPersonEntity, TaskEntity } from '@throughcare/persistence';
import { EscalationResponseDto, mapEscalation } from '../escalations/escalation.dto';
import { mapTask, TaskResponseDto } from '../tasks/task.dto';
import type { AuthenticatedUser } from '@throughcare/auth';
import { RecordView, seesTreatment, showsTask, visibleEventDetails } from '@throughcare/access';
import { ActionDto } from '../common/action.dto';
import { taskActionsFor } from '../tasks/task-actions';
import { contactActionsFor, pathwayActionsFor } from './pathway-actions';
import { PathwayContactDto } from './contact.dto';

export class ActorDto {
  sub: string;
  org: string;
}

export class PrisonNameDto {
  /** @example LEI */
  code: string;
  /** @example HMP Leeds */
  name: string | null;
}

/** Where a change from an HMPPS domain event came from. */
export class HmppsSourceDto {
  system: 'HMPPS';
  /** @example prison-offender-events.prisoner.released */
  eventType: string;
  /** When HMPPS says the movement happened. */
  occurredAt: string;
  /** When Throughcare received the event. */
  receivedAt: string;
  /** The prison the event names: the one left, or the one reached. */
  prison: PrisonNameDto | null;
}

/** A release Prisoner Search reported at once, awaiting the prison's confirmed event; it releases no one. */
export class ReleaseReportedDto extends HmppsSourceDto {}

export class TimelineEntryDto {
  seq: number;
  type: string;
  at: string;
  actor: ActorDto | null;
  /** The request that caused it; absent when a deadline did. */
  correlationId: string | null;
  details: Record<string, string | boolean | null>;
  /** For a change an HMPPS domain event made: the event, the prison and when. */
  source?: HmppsSourceDto;
}

export class PersonResponseDto {
  /** @example A1234BC */
  prisonNumber: string;
  /** @example Sam */
  givenName: string;
  /** @example Example */
  familyName: string;
  /** @example 1985-04-12 */
  dateOfBirth: string;
  /** @example '9434765919' */
  nhsNumber: string | null;
}

export class RoutedOrganisationsDto {
  /** @example CTS-LDS */
  communityTreatment: string;
  /** @example PDU-LDS */
  probation: string;
  /** @example LA-LDS */
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
  /** @example 6f1c9d2e-8b47-4a3f-b5e6-1d2c3b4a5f60 */
  id: string;
  /** @example active */
  status: string;
  /** Withheld from commissioners, who oversee the area's pathways without needing who. */
  person: PersonResponseDto | null;
  /** @example LEI */
  prisonCode: string;
  /** @example E08000035 */
  destinationArea: string;
  organisations: RoutedOrganisationsDto;
  /** @example 2027-03-12 */
  releaseDate: string;
  /** @example CRD */
  releaseDateType: string;
  /** @example 2027-03-11 */
  expectedReleaseDate: string | null;
  /** @example 2027-03-12 */
  releaseDateAdjustedFrom: string | null;
  /** Why the day-of-release rule moved the date, when it did. */
  releaseDateAdjustmentReason: string | null;
  releasedOn: string | null;
  /** engaged, not-engaged or excluded, once decided. @example engaged */
  outcome: string | null;
  outcomeAt: string | null;
  /** For healthcare organisations; for probation only with the person's consent to share. */
  treatment: TreatmentViewDto | null;
  policy: PolicyRefDto;
  /** @example 2026-11-23T10:15:00.000Z */
  registeredAt: string;
  tasks: TaskResponseDto[];
  escalations: EscalationResponseDto[];
  timeline: TimelineEntryDto[];
  /** A release HMPPS reported at once that the prison's confirmed event has not yet followed ("release reported"). */
  releaseReported?: ReleaseReportedDto | null;
  /**
   * The person's mobile number and consent to text reminders: for the pathway's prison
   * healthcare team and community treatment service only (null for anyone else, and when none
   * is recorded). Not in lists.
   */
  contact: PathwayContactDto | null;
  /**
   * What the caller may do on this pathway now, with each one's fields (none unless the access
   * table names the caller a sender): its events and, for its healthcare teams, the person's
   * mobile number (`contact`, `withdraw-contact`; not in lists).
   */
  actions: ActionDto[];
  /**
   * The texts to the person about their first appointment and what became of each: for prison
   * healthcare and community treatment only (null for others). Never the number or the words.
   */
  texts?: PathwayTextDto[] | null;
}

/** One text to the person. */
export class PathwayTextDto {
  /** booked, reminder or missed. @example reminder */
  kind: string;
  /** @example 2027-03-11T10:00:00.000Z */
  dueAt: string;
  /** planned, sent, delivered, failed, cancelled or not-sent. @example delivered */
  state: string;
  /** Why not sent, cancelled or failed, as a code: no-notify-key, no-consent, appointment-moved, too-late, permanent-failure… */
  reason: string | null;
  sentAt: string | null;
  settledAt: string | null;
}

/** A row of pathway_texts as the API reads it. */
export interface PathwayTextRow {
  kind: string;
  due_at: Date;
  state: string;
  reason: string | null;
  sent_at: Date | null;
  settled_at: Date | null;
}

/** The texts as the caller's view allows: healthcare only. */
export function mapTexts(rows: PathwayTextRow[], view: RecordView): PathwayTextDto[] | null {
  if (view !== 'healthcare') return null;
  return rows.map((t) => ({ kind: t.kind, dueAt: t.due_at.toISOString(), state: t.state, reason: t.reason, sentAt: t.sent_at?.toISOString() ?? null, settledAt: t.settled_at?.toISOString() ?? null }));
}

export interface PathwayRecord {
  pathway: PathwayEntity;
  tasks: TaskEntity[];
  escalations: EscalationEntity[];
  events: PathwayEventEntity[];
  /** As ContactService read it for this caller. */
  contact: PathwayContactDto | null;
  /** Open tasks that cannot be done yet, with when they can (tasks/task-starts.ts). */
  starts: Map<string, Date>;
}

/** The whole pathway as the caller's view allows: tasks, escalations and timeline minimised alike. */
export function mapPathway({ pathway, tasks, escalations, events, contact, starts }: PathwayRecord, view: RecordView, user: AuthenticatedUser): PathwayResponseDto {
  const hidden = new Set(tasks.filter((t) => !showsTask(view, t.type)).map((t) => t.id));
  const isShown = (taskId: unknown) => typeof taskId !== 'string' || !hidden.has(taskId);
  const summary = mapPathwaySummary(pathway, view, user);
  return {
    ...summary,
    contact,
    actions: [...summary.actions, ...contactActionsFor(user, pathway, contact)],
    tasks: tasks.filter((t) => isShown(t.id)).map((t) => mapTask(t, view, taskActionsFor(user, t, pathway, starts.get(t.id)), new Date(), starts.get(t.id))),
    escalations: escalations.filter((e) => isShown(e.taskId)).map(mapEscalation),
    timeline: events
      .filter((e) => isShown(e.details.taskId))
      .map((e) => ({
        seq: e.seq,
        type: e.type,
        at: e.at.toISOString(),
        actor: e.actorSub && e.actorOrg ? { sub: e.actorSub, org: e.actorOrg } : null,
        correlationId: e.correlationId,
        details: visibleEventDetails(view, e.details),
      })),
  };
}

export class PathwaySummaryDto extends OmitType(PathwayResponseDto, ['tasks', 'escalations', 'timeline', 'contact', 'texts'] as const) {
  /** When the caller's organisation's soonest open task on this pathway is due; null when it has none. @example 2027-02-15T17:00:00.000Z */
  nextDueAt: string | null;
}

export class PathwayPageDto {
  items: PathwaySummaryDto[];
  nextCursor: string | null;
}

/** The pathway without its tasks, minimised to what the caller's organisation needs. */
/** What mapPathwaySummary reads of a pathway and its person. */
export type SummarisedPathway = Pick<
  PathwayEntity,
  | 'id'
  | 'status'
  | 'prisonCode'
  | 'destinationArea'
  | 'communityTreatmentCode'
  | 'probationCode'
  | 'commissionerCode'
  | 'releaseDate'
  | 'releaseDateType'
  | 'expectedReleaseDate'
  | 'releaseDateAdjustedFrom'
  | 'releaseDateAdjustmentReason'
  | 'releasedOn'
  | 'outcome'
  | 'outcomeAt'
  | 'substances'
  | 'onOst'
  | 'consentToShare'
  | 'policyId'
  | 'policyVersion'
  | 'registeredAt'
> & { person?: Pick<PathwayPersonEntity, 'prisonNumber' | 'givenName' | 'familyName' | 'dateOfBirth' | 'nhsNumber'> };

export function mapPathwaySummary(pathway: SummarisedPathway, view: RecordView, user: AuthenticatedUser): Omit<PathwaySummaryDto, 'nextDueAt'> {
  const person = pathway.person!;
  const treatment = seesTreatment(view);
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
    releaseDateAdjustmentReason: pathway.releaseDateAdjustmentReason,
    releasedOn: pathway.releasedOn,
    outcome: pathway.outcome,
    outcomeAt: pathway.outcomeAt?.toISOString() ?? null,
    treatment: treatment ? { substances: pathway.substances, onOst: pathway.onOst, consentToShare: pathway.consentToShare } : null,
    policy: { id: pathway.policyId, version: pathway.policyVersion },
    registeredAt: pathway.registeredAt.toISOString(),
    actions: pathwayActionsFor(user, pathway),
  };
}

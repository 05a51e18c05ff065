/** Task requests and responses; `mapTask` is the one way a task row becomes a response. */
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsISO8601, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { DELIVERY_CHANNELS, TASK_TYPES } from '@throughcare/domain';
import type { DeliveryChannel } from '@throughcare/domain';
import { IsCalendarDate } from '../common/validators';
import { AddressDto } from '../organisations/profile.dto';
import type { TaskType } from '@throughcare/domain';
import type { PathwayPersonEntity, TaskEntity } from '@throughcare/persistence';
import type { CursorShape } from '../common/cursor';
import { PageQueryDto } from '../common/page-query.dto';
import { RecordView, seesPerson, visibleDetails, visibleFreeText } from '@throughcare/access';
import { ActionDto } from '../common/action.dto';

/** Where the first appointment is: at one of the service's sites, or by telephone or video. */
export class AppointmentPlaceDto {
  /** UK Core Appointment's delivery channel. @example in-person */
  @IsIn(DELIVERY_CHANNELS)
  channel: DeliveryChannel;

  /** In person: the site's code from the service's profile; absent or `main` for its main site. @example harehills */
  @IsOptional()
  @IsString()
  @MaxLength(40)
  site?: string;
}

/** The community pharmacy an OST bridge's prescription goes to. */
export class PharmacyDto {
  /** @example Example Pharmacy */
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  @ValidateNested()
  @Type(() => AddressDto)
  address: AddressDto;
}

/** Type-specific fields of a task action. */
export class TaskActionDto {
  /** Why a referral is declined. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason?: string;

  /** When the first community appointment is (booked, or re-arranged), with offset. @example 2027-03-15T10:30:00+00:00 */
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  appointmentAt?: string;

  /**
   * `appointment-booking` (complete) and `first-appointment` (rearrange): where the appointment
   * is. Absent: the service's main site (as its public profile gives it; none when it has no profile).
   */
  @IsOptional()
  @ValidateNested()
  @Type(() => AppointmentPlaceDto)
  place?: AppointmentPlaceDto;

  /** `ost-bridging`: the community pharmacy the bridging prescription is sent to. */
  @IsOptional()
  @ValidateNested()
  @Type(() => PharmacyDto)
  pharmacy?: PharmacyDto;

  /** `ost-bridging`: the first day the person can collect their prescription. @example 2027-03-12 */
  @IsOptional()
  @IsCalendarDate({ range: 'release' })
  firstCollectionOn?: string;

  /**
   * `first-appointment` and `re-engagement` (required): whether the person attended the first
   * appointment, or the re-arranged one (or started treatment). Attended within the window
   * closes the pathway as engaged.
   */
  @IsOptional()
  @IsBoolean()
  attended?: boolean;

  /**
   * `naloxone` (required): true if naloxone was supplied, false if the person declined it.
   * Recorded as the outcome `supplied` or `declined-by-person`.
   */
  @IsOptional()
  @IsBoolean()
  supplied?: boolean;

  /** Completing a re-referral: the community treatment service to send it to, if not the same one. @example CTS-LDS */
  @IsOptional()
  @IsString()
  @MaxLength(20)
  communityTreatmentCode?: string;
}

export const TASK_LIST_STATES = ['open', 'overdue', 'done'] as const;
export const TASK_SORTS = ['due', 'release'] as const;
export type TaskSort = (typeof TASK_SORTS)[number];
export type TaskListState = (typeof TASK_LIST_STATES)[number];

export class ListTasksQueryDto extends PageQueryDto {
  /** The worklist is sorted by due time, then task id (or by day of release, its cursor's `at` that day's midnight UTC and `then` the due time). */
  static cursorShape: CursorShape = { at: 'instant', id: 'uuid' };

  @IsOptional()
  @IsIn(TASK_LIST_STATES)
  state: TaskListState = 'open';

  @IsOptional()
  @IsIn(TASK_TYPES)
  type?: TaskType;

  /** Only the tasks of this pathway. */
  @IsOptional()
  @IsUUID()
  pathwayId?: string;

  /** `due`: soonest due first (the default); `release`: by the person's day of release, soonest first, then soonest due, then task id. */
  @IsOptional()
  @IsIn(TASK_SORTS)
  sort?: TaskSort;
}

/** Whom a task is for, so a worklist says it; withheld from commissioners. */
export class TaskPersonDto {
  /** @example A1234BC */
  prisonNumber: string;
  /** @example Sam */
  givenName: string;
  /** @example Example */
  familyName: string;
}

export class TaskResponseDto {
  /** @example 0b7e2f4c-3a51-4d1e-9a8f-2c6d5e4b3a21 */
  id: string;
  /** @example 6f1c9d2e-8b47-4a3f-b5e6-1d2c3b4a5f60 */
  pathwayId: string;
  /** @example referral-acceptance */
  type: string;
  /** @example community-treatment */
  ownerType: string;
  /** @example CTS-LDS */
  owner: string;
  /** @example open */
  state: 'open' | 'done' | 'cancelled';
  critical: boolean;
  /** @example 2027-02-15T17:00:00.000Z */
  dueAt: string;
  overdue: boolean;
  /** @example L1 */
  escalationLevel: string | null;
  createdAt: string;
  completedAt: string | null;
  /** Who completed it (their token's subject), as the timeline names its actors. */
  completedBy: string | null;
  outcome: string | null;
  details: Record<string, string | boolean> | null;
  cancelReason: string | null;
  /** The person as registered on the pathway, where the caller may see who; null for commissioners. */
  person: TaskPersonDto | null;
  /** What the caller may do to this task now, with each action's fields: empty unless the caller's organisation owns it, it is open and it may be started. */
  actions: ActionDto[];
  /**
   * When an open task may first be done, while that is still to come (a policy's earliest start,
   * such as GP registration a month before release): `actions` stays empty until then. Else null.
   * @example 2027-02-11T00:00:00.000Z
   */
  startsAt: string | null;
}

export class TaskPageDto {
  items: TaskResponseDto[];
  nextCursor: string | null;
}

/** What mapTask reads of a task: its columns, and its pathway's person when the task was read with it. */
export type MappedTask = Pick<
  TaskEntity,
  'id' | 'pathwayId' | 'type' | 'ownerType' | 'ownerCode' | 'state' | 'critical' | 'dueAt' | 'escalationLevel' | 'issuedAt' | 'completedAt' | 'completedBy' | 'outcome' | 'details' | 'cancelReason'
> & { pathway?: { person?: Pick<PathwayPersonEntity, 'prisonNumber' | 'givenName' | 'familyName'> | null } };

/** A task as the caller's view of its pathway allows (see access/), with the caller's `actions` (tasks/task-actions.ts). */
export function mapTask(task: MappedTask, view: RecordView, actions: ActionDto[], now = new Date(), startsAt?: Date): TaskResponseDto {
  return {
    id: task.id,
    pathwayId: task.pathwayId,
    type: task.type,
    ownerType: task.ownerType,
    owner: task.ownerCode,
    state: task.state,
    critical: task.critical,
    dueAt: task.dueAt.toISOString(),
    overdue: task.state === 'open' && task.dueAt.getTime() < now.getTime(),
    escalationLevel: task.escalationLevel,
    createdAt: task.issuedAt.toISOString(),
    completedAt: task.completedAt?.toISOString() ?? null,
    completedBy: task.completedBy,
    outcome: task.outcome,
    details: visibleDetails(view, task.details),
    cancelReason: visibleFreeText(view, task.cancelReason),
    person:
      seesPerson(view) && task.pathway?.person
        ? { prisonNumber: task.pathway.person.prisonNumber, givenName: task.pathway.person.givenName, familyName: task.pathway.person.familyName }
        : null,
    actions,
    startsAt: startsAt?.toISOString() ?? null,
  };
}

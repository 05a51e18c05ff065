/**
 * The pathway workflow's contract with its callers: input, message arguments and views.
 * Only opaque ids, dates, organisation codes and clinical flags: no personal identifiers
 * ever enter a workflow history (DESIGN §4).
 */
import type {
  ClinicalFlags,
  HolidayCalendar,
  EscalationLevel,
  LocalDate,
  NotifiedAudience,
  OwnerType,
  PathwayOutcome,
  Policy,
  ReleaseDateType,
  TaskAction,
  TaskType,
  TextKind,
} from '@throughcare/domain';

export interface PathwayRouting {
  prison: string;
  'community-treatment': string;
  probation: string;
  commissioner: string;
}

export interface PathwayInput {
  pathwayId: string;
  /** The policy version the pathway keeps for its whole life. */
  policy: Policy;
  /**
   * The bank holidays the pathway plans with, pinned like its policy: built by the API from
   * the compiled list when it starts the workflow, so a later refresh of that list changes
   * new pathways only, never this one's deadlines (on replay either).
   */
  calendar: HolidayCalendar;
  registeredAt: string;
  releaseDate: LocalDate;
  releaseDateType: ReleaseDateType;
  routing: PathwayRouting;
  flags: ClinicalFlags;
  /** Continue-as-new once the history is this long; small in tests. */
  historyLimit?: number;
  /** The state carried over by continue-as-new. */
  carried?: PathwayState;
  /** The registering request's correlation id. */
  correlationId?: string;
}

/** What every human action and pathway event carries besides its own fields. */
interface Caused {
  /** The HTTP request's correlation id, passed on to activities and the timeline. */
  correlationId?: string;
}

export type TaskState = 'open' | 'done' | 'cancelled';

export interface TaskView {
  id: string;
  type: TaskType;
  ownerType: OwnerType;
  owner: string;
  state: TaskState;
  createdAt: string;
  dueAt: string;
  critical: boolean;
  completedAt?: string;
  completedBy?: string;
  outcome?: string;
  details?: Record<string, string | boolean>;
  /** The highest level raised so far. */
  escalationLevel?: EscalationLevel;
  /** Levels raised, and levels passed over because the step was already later than them. */
  raised: EscalationLevel[];
  skipped: EscalationLevel[];
  cancelReason?: string;
  /** Snapshot version of the task's last change, so a late write never overwrites a newer one. */
  version: number;
}

export type PathwayStatus = 'active' | 'closed';
/** The domain's (PATHWAY_OUTCOMES). */
export type { PathwayOutcome };

/**
 * A rung of the ladder, or `notice`: an organisation told of an event (a declined referral,
 * a missed appointment) with nothing escalated, neither the task's level nor its overdue state.
 */
export type EscalationRecordLevel = EscalationLevel | 'notice';

/** Who an escalation tells: a ladder audience, or (a notice) an organisation by role (the domain's). */
export type { NotifiedAudience };

export interface EscalationView {
  /** `${taskId}:${level}`, `${taskId}:notice`, or `${pathwayId}:not-engaged`: each is raised once. */
  key: string;
  taskId?: string;
  level: EscalationRecordLevel;
  raisedAt: string;
  /** When the ladder planned it (a notice: when raised); later than `raisedAt` never, earlier when raised late. */
  dueAt: string;
  reason: string;
  notify: Array<{ org: string; audience: NotifiedAudience }>;
}

/** A rung of the ladder still to come, as it will be raised (less the instant): PathwayMachine.escalationPlan. */
export type PlannedEscalationRecord = Omit<EscalationView, 'raisedAt'>;

export const PATHWAY_EVENT_TYPES = [
  'registered',
  'release-date-changed',
  'released',
  'returned-to-custody',
  'cancelled',
  'transferred',
  'referral-declined',
  're-referred',
  'did-not-attend',
  'appointment-rearranged',
  'outcome',
] as const;
export type PathwayEventType = (typeof PATHWAY_EVENT_TYPES)[number];

export interface PathwayEvent {
  /** 1, 2, 3… within the pathway. */
  seq: number;
  type: PathwayEventType;
  at: string;
  actor?: Actor;
  correlationId?: string;
  details: Record<string, string | boolean | null>;
}

/** Everything the workflow knows, carried across continue-as-new. */
export interface PathwayState {
  status: PathwayStatus;
  releaseDate: LocalDate;
  releaseDateType: ReleaseDateType;
  expectedReleaseDate: LocalDate;
  releaseDateAdjustedFrom?: LocalDate;
  adjustmentReason?: string;
  releasedOn?: LocalDate;
  releasedAt?: string;
  /** When an unplanned release was recorded: it keeps the community service's deadlines urgent. */
  unplannedReleaseAt?: string;
  outcome?: PathwayOutcome;
  outcomeAt?: string;
  routing: PathwayRouting;
  tasks: TaskView[];
  version: number;
  /** Timeline entries issued so far. */
  eventCount?: number;
  /** The texts to the person about their first appointment; present once the pathway texts (patch `texts`). */
  texts?: TextView[];
  /**
   * The appointment (time and place) each first-appointment step's texts were last planned for,
   * by step id (patch `texts-timely`): a change of either plans them again, even back to a time
   * texted before, and a plan that came out empty is not tried again for the same appointment.
   */
  textsPlannedFor?: Record<string, string>;
}

/**
 * What became of a text: planned, then sent (Notify took it), delivered or failed (as Notify
 * reads it), or cancelled, or not sent (why, as a code: `no-notify-key`, `revealing-words`, `too-late`…).
 */
export type TextState = 'planned' | 'sent' | 'delivered' | 'failed' | 'cancelled' | 'not-sent';

/** One text to the person. No number and no words: the send activity reads both at send time. */
export interface TextView {
  /** Random, so it says nothing: it is Notify's `reference`. */
  id: string;
  kind: TextKind;
  /** The first-appointment step it is about. */
  taskId: string;
  /** The appointment's time when it was planned; a booked or reminder text only. */
  appointmentAt?: string;
  dueAt: string;
  state: TextState;
  reason?: string;
  notifyId?: string;
  sentAt?: string;
  settledAt?: string;
  /** When the delivery state is read next, while sent; and how many reads so far. */
  checkAt?: string;
  checks?: number;
  /** Raised on each change, so a late write never overwrites a newer one. */
  version: number;
}

/** What the send activity answers. */
export type TextSendResult =
  | { state: 'sent'; notifyId: string }
  | { state: 'not-sent'; reason: 'no-notify-key' | 'revealing-words' | 'no-service-phone' }
  | { state: 'cancelled'; reason: 'no-consent' }
  | { state: 'failed'; reason: 'rejected-by-notify' };

/** Notify's state of a sent text, as the delivery read answers it. */
export type TextDeliveryStatus = 'pending' | 'delivered' | 'permanent-failure' | 'temporary-failure' | 'technical-failure';

/** What the send activity needs besides the pathway's database rows: nothing personal. */
export interface TextToSend {
  pathwayId: string;
  textId: string;
  kind: TextKind;
  /** The community treatment service whose name and phone the text gives. */
  serviceCode: string;
  appointmentAt?: string;
  /** The booking's place details (placeChannel, placeName, placeAddress), when it had one. */
  place?: Record<string, string | boolean>;
}

export interface TextsRecord {
  pathwayId: string;
  texts: TextView[];
}

export interface PathwayView extends PathwayState {
  pathwayId: string;
}

/** Who acted: the signed-in user's subject and organisation (staff, not the person in care). */
export interface Actor {
  sub: string;
  org: string;
}

export interface TaskActionInput extends Caused {
  taskId: string;
  action: TaskAction;
  actor: Actor;
  details?: Record<string, string | boolean>;
}

export interface TaskActionResult {
  task: TaskView;
  created: TaskView[];
}

export interface ReleaseDateChange extends Caused {
  releaseDate: LocalDate;
  releaseDateType: ReleaseDateType;
  reason: string;
  actor: Actor;
}

export interface ReleaseRecord extends Caused {
  releasedOn: LocalDate;
  kind: 'planned' | 'unplanned';
  actor: Actor;
}

export interface CustodyReturn extends Caused {
  on: LocalDate;
  reason: string;
  actor: Actor;
}

export interface Cancellation extends Caused {
  reason: string;
  actor: Actor;
}

export interface Transfer extends Caused {
  prisonCode: string;
  actor: Actor;
}

/** Read-model write issued by the workflow: the pathway, the tasks changed, new escalations and events. */
export interface PathwaySnapshot {
  pathwayId: string;
  version: number;
  status: PathwayStatus;
  releaseDate: LocalDate;
  releaseDateType: ReleaseDateType;
  expectedReleaseDate: LocalDate;
  releaseDateAdjustedFrom?: LocalDate;
  /** Why the day-of-release rule moved the date, when it did: stored, so no reader recomputes it. */
  adjustmentReason?: string;
  releasedOn?: LocalDate;
  /** T: the actual day of release if recorded, else the expected one (ReleaseDay), stored for lists and reports. */
  releaseDay: LocalDate;
  outcome?: PathwayOutcome;
  outcomeAt?: string;
  prisonCode: string;
  /** The community treatment service, which a re-referral may change; absent from older snapshots. */
  communityTreatmentCode?: string;
  tasks: TaskView[];
  escalations: EscalationView[];
  /**
   * The rungs of the ladder next due (all at the soonest instant to come), for the worker's sweep
   * to store at that instant if this workflow has not yet (escalation-sweep); absent from older
   * snapshots, which then plan none.
   */
  plannedEscalations?: PlannedEscalationRecord[];
  events: PathwayEvent[];
  /** The correlation ids of the requests whose changes this write holds; none when only timers changed it. */
  causes: string[];
}

/**
 * What a read-model write could not store, by snapshotItem key (empty when it stored
 * everything). The write's activity starts the deliveries of the messages it stored itself,
 * so the workflow is told nothing of them.
 */
export interface SnapshotWriteResult {
  unstored: string[];
}

/**
 * Why a pathway failed, as a code, never personal data: `workflow-error` when its rules threw
 * what no rule meant (e.g. a date the calendar cannot compute), `registration-not-started` when
 * the recovery sweep gave up starting its workflow.
 */
export type PathwayFailureReason = 'workflow-error' | 'registration-not-started';

/** The failure the workflow records before it fails with PATHWAY_FAILED. */
export interface PathwayFailureRecord {
  pathwayId: string;
  reason: PathwayFailureReason;
  /** The error's class name (e.g. RangeError): what broke, without the message, which may quote input. */
  error: string;
  correlationId?: string;
}

/** The type of the non-retryable ApplicationFailure a failed pathway's workflow ends with. */
export const PATHWAY_FAILED = 'PathwayFailed';

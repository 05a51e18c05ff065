/**
 * Policies are versioned data (DESIGN §3.5): which steps a pathway has, who owns them,
 * when they fall due. A pathway keeps the policy version it started with.
 */
import type { TextPolicy } from '../texts/text-policy';

export const TASK_TYPES = [
  'assessment',
  'referral',
  'referral-acceptance',
  'probation-acknowledgement',
  'gp-registration',
  'appointment-booking',
  'ost-bridging',
  'naloxone',
  'release-confirmation',
  'first-appointment',
  're-referral',
  're-engagement',
] as const;
export type TaskType = (typeof TASK_TYPES)[number];

export const OWNER_TYPES = ['prison', 'community-treatment', 'probation'] as const;
export type OwnerType = (typeof OWNER_TYPES)[number];

/**
 * What a due date counts from: the expected day of release (T), the time of
 * registration (R), the moment the step was created by the step before it, or the
 * booked first appointment.
 */
export type DueAnchor = 'release' | 'registration' | 'created' | 'appointment';

export interface DueRule {
  anchor: DueAnchor;
  /** `-20WD` working days, `+21D` calendar days, or an ISO-8601 duration such as `PT30S`. */
  offset: string;
  /** Wall-clock time of the deadline in Europe/London; the policy's `dueTime` when absent. */
  at?: string;
}

/** What makes a step exist: registration, or another step completed (with a given outcome). */
export type StepTrigger = { on: 'registration' } | { on: 'completed'; step: TaskType; outcome?: string };

export interface StepPolicy {
  type: TaskType;
  owner: OwnerType;
  trigger: StepTrigger;
  due: DueRule;
  /** Used instead of `due` when the pathway was registered late (see `lateRegistrationWeeks`). */
  lateDue?: DueRule;
  /** The step cannot be done before this (e.g. GP pre-registration from T − 1 month). */
  notBefore?: DueRule;
  /** Critical steps start their escalation ladder at L2. */
  critical?: boolean;
  /** Only for people on opioid substitution therapy, or with opioid use. */
  onlyWhen?: 'onOst' | 'opioidUse';
  /** Who waits on this step and hears of it at L2; by default the prison for others' steps, the community service for the prison's. */
  requester?: OrganisationRole;
}

export const ESCALATION_LEVELS = ['reminder', 'L1', 'L2', 'L3'] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];

/** The pathway's organisations by role: whom a task or an escalation goes to. */
export const ORGANISATION_ROLES = [...OWNER_TYPES, 'commissioner'] as const;
export type OrganisationRole = (typeof ORGANISATION_ROLES)[number];

/** Whom a rung of the ladder tells, relative to the task: its owner, the owner's managers, who asked for it, the commissioner. */
export const AUDIENCES = ['owner', 'owner-managers', 'requester', 'commissioner'] as const;
export type Audience = (typeof AUDIENCES)[number];

/**
 * Events on a task that tell an organisation without escalating anything (level `notice`):
 * a referral declined, a first appointment missed. Named as the timeline's events are.
 */
export const NOTICE_EVENTS = ['referral-declined', 'did-not-attend'] as const;
export type NoticeEvent = (typeof NOTICE_EVENTS)[number];

/** One rung of the escalation ladder (DESIGN §3.3). */
export interface LadderRung {
  level: EscalationLevel;
  /** From the step's due time: `-1WD`, `+0D`, `+3WD`, or an ISO-8601 duration for fast policies. */
  offset: string;
  /** Before release, raise no later than this offset from T at the due time (L3: `-2WD`). */
  notLaterThanBeforeRelease?: string;
  notify: Audience[];
}

export interface Policy {
  id: string;
  version: number;
  /** Default wall-clock time of a deadline in Europe/London, HH:mm. */
  dueTime: string;
  /** A registration fewer than this many weeks before T is late. */
  lateRegistrationWeeks: number;
  steps: StepPolicy[];
  /** In level order. Critical steps skip the rungs below L2 and reach L2 when L1 would be raised. */
  ladder: LadderRung[];
  /** Engaged if treatment starts within this offset of the day of release (inclusive, to end of day). */
  outcomeWindow: string;
  /**
   * Who is told of each notice event, by role. An event left out, and every event of a policy
   * stored before this field, tells whom DEFAULT_NOTICE_AUDIENCES names (libs/domain/src/pathway/audiences.ts).
   */
  notices?: Partial<Record<NoticeEvent, OrganisationRole[]>>;
  /**
   * Whom an L2 raised outside the ladder's timing (an OST bridge not in place at an unplanned
   * release) tells when the ladder has no L2 rung to name them; DEFAULT_FALLBACK_L2_AUDIENCE when absent.
   */
  fallbackL2Notify?: Audience[];
  /** When the person is texted about their first appointment; DEFAULT_TEXT_POLICY when absent (policies stored before texts). */
  texts?: TextPolicy;
}

/** The clinical flags a pathway needs to choose its steps; never personal identifiers. */
export interface ClinicalFlags {
  onOst: boolean;
  opioidUse: boolean;
}

export function stepsTriggeredBy(
  policy: Policy,
  trigger: StepTrigger,
  flags: ClinicalFlags,
): StepPolicy[] {
  return policy.steps.filter(
    (s) =>
      sameTrigger(s.trigger, trigger) &&
      (s.onlyWhen === undefined || (s.onlyWhen === 'onOst' ? flags.onOst : flags.opioidUse)),
  );
}

function sameTrigger(a: StepTrigger, b: StepTrigger): boolean {
  if (a.on === 'registration' || b.on === 'registration') return a.on === b.on;
  return a.step === b.step && (a.outcome === undefined || a.outcome === b.outcome);
}

export function stepPolicy(policy: Policy, type: TaskType): StepPolicy {
  const step = policy.steps.find((s) => s.type === type);
  if (!step) throw new RangeError(`Policy ${policy.id} v${policy.version} has no step ${type}`);
  return step;
}

/**
 * What a release without notice (e.g. from court) does to the steps still open (DESIGN §3.4):
 * the prison's pre-release referral steps are superseded, the community service is referred
 * urgently if it was not already, and an OST bridge not yet in place escalates at L2 at once.
 * The urgent deadlines themselves are the deadline rule's (`unplannedReleaseAt`).
 */
import type { EscalationLevel, OwnerType, TaskType } from '../policy/policy';

export interface StepState {
  type: TaskType;
  ownerType: OwnerType;
  state: 'open' | 'done' | 'cancelled';
}

/** Steps the prison does before release; superseded when someone leaves unplanned. */
const PRE_RELEASE_REFERRAL_STEPS: ReadonlySet<TaskType> = new Set(['assessment', 'referral']);

export const SUPERSEDED_BY_UNPLANNED_RELEASE = 'Released before the step was done; referred urgently';

/** Whether an open step is cancelled by an unplanned release. */
export function supersededByUnplannedRelease(step: StepState): boolean {
  return step.state === 'open' && step.ownerType === 'prison' && PRE_RELEASE_REFERRAL_STEPS.has(step.type);
}

/** Whether the community service must now be referred: it has nothing open and has not accepted a referral. */
export function needsUrgentReferral(steps: readonly StepState[]): boolean {
  const communityOpen = steps.some((s) => s.state === 'open' && s.ownerType === 'community-treatment');
  const accepted = steps.some((s) => s.type === 'referral-acceptance' && s.state === 'done');
  return !communityOpen && !accepted;
}

/** The level an open OST bridge jumps to, and the levels below it it passes over; undefined once L2 is raised. */
export function ostBridgeEscalation(raised: readonly EscalationLevel[], skipped: readonly EscalationLevel[]): { level: 'L2'; passOver: EscalationLevel[] } | undefined {
  if (raised.includes('L2')) return undefined;
  const passOver = (['reminder', 'L1'] as const).filter((level) => !raised.includes(level) && !skipped.includes(level));
  return { level: 'L2', passOver };
}

export const UNPLANNED_OST_REASON = 'Released without an OST bridge in place';

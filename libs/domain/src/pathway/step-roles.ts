/**
 * Who stands where around a step: who asked for it (told at L2 when it is late) and from
 * when it may be done. Read from the pathway's pinned policy.
 */
import { dueAt, DeadlineContext } from '../policy/deadline';
import type { OrganisationRole, OwnerType, Policy, TaskType } from '../policy/policy';

/** The organisation that asked for a step: the policy's `requester`, else the other side of the prison gate. */
export function requesterOf(policy: Pick<Policy, 'steps'>, step: { type: TaskType; ownerType: OwnerType }): OrganisationRole {
  const rule = policy.steps.find((s) => s.type === step.type);
  return rule?.requester ?? (step.ownerType === 'prison' ? 'community-treatment' : 'prison');
}

/** The earliest a step may be done (its policy's `notBefore`), or undefined when it may be done at once. */
export function startableFrom(policy: Pick<Policy, 'steps' | 'dueTime'>, type: TaskType, ctx: DeadlineContext): Date | undefined {
  const notBefore = policy.steps.find((s) => s.type === type)?.notBefore;
  return notBefore ? dueAt(notBefore, ctx, policy) : undefined;
}

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

/**
 * When a step cannot be done yet: the instant it may be (its policy's `notBefore`, still to
 * come), else undefined. The one rule behind the workflow's refusal (`NotYetStartable`) and the
 * API's offer of actions, so a client is never offered what the workflow would refuse.
 */
export function notYetStartable(policy: Pick<Policy, 'steps' | 'dueTime'>, type: TaskType, ctx: DeadlineContext, now: Date): Date | undefined {
  const from = startableFrom(policy, type, ctx);
  return from && now.getTime() < from.getTime() ? from : undefined;
}

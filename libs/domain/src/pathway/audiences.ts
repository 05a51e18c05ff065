/**
 * Who is told (DESIGN §3.3, §3.3a): the organisation each audience of an escalation names on a
 * pathway, who hears of each notice event, and whom an L2 raised without a rung for it tells.
 * Read from the pathway's pinned policy. What a policy leaves unsaid keeps the defaults here,
 * which are what every pathway did before policies could say it, so stored policies and
 * running pathways behave as they always have.
 */
import type { Audience, NoticeEvent, OrganisationRole, OwnerType, Policy, TaskType } from '../policy/policy';
import { requesterOf } from './step-roles';

/** Whom an escalation or notice tells: a ladder audience, or (a notice) an organisation of the pathway by role. */
export type NotifiedAudience = Audience | OrganisationRole;

/** The pathway's organisations by role. */
export type RoleCodes = Record<OrganisationRole, string>;

/** A declined referral tells the commissioner; a missed first appointment tells probation. */
export const DEFAULT_NOTICE_AUDIENCES: Readonly<Record<NoticeEvent, readonly OrganisationRole[]>> = {
  'referral-declined': ['commissioner'],
  'did-not-attend': ['probation'],
};

/** An L2 with no rung to name its audience tells whom the default ladder's L2 tells. */
export const DEFAULT_FALLBACK_L2_AUDIENCE: readonly Audience[] = ['owner-managers', 'requester'];

/** The task a ladder audience is relative to: its type, and who owns it now. */
export interface AudienceTask {
  type: TaskType;
  ownerType: OwnerType;
  owner: string;
}

/** The organisation a ladder audience names for this task: the owner (or its managers), who asked for the step, or the commissioner. */
export function audienceOrg(policy: Pick<Policy, 'steps'>, task: AudienceTask, audience: Audience, roles: RoleCodes): string {
  switch (audience) {
    case 'owner':
    case 'owner-managers':
      return task.owner;
    case 'requester':
      return roles[requesterOf(policy, task)];
    case 'commissioner':
      return roles.commissioner;
  }
}

/** Each ladder audience with the organisation it names for this task. */
export function ladderNotified(policy: Pick<Policy, 'steps'>, task: AudienceTask, audiences: readonly Audience[], roles: RoleCodes): Array<{ audience: Audience; org: string }> {
  return audiences.map((audience) => ({ audience, org: audienceOrg(policy, task, audience, roles) }));
}

/** Who hears of a notice event, by role: the policy's list, else the default's. */
export function noticeAudiences(policy: Pick<Policy, 'notices'>, event: NoticeEvent): readonly OrganisationRole[] {
  return policy.notices?.[event] ?? DEFAULT_NOTICE_AUDIENCES[event];
}

/** Each organisation a notice event tells, with the role it is told as. */
export function noticeNotified(policy: Pick<Policy, 'notices'>, event: NoticeEvent, roles: RoleCodes): Array<{ org: string; audience: OrganisationRole }> {
  return noticeAudiences(policy, event).map((audience) => ({ org: roles[audience], audience }));
}

/** The notice event, if any, that completing a step with this outcome tells others of. */
export function noticeEventOf(type: TaskType, outcome: string): NoticeEvent | undefined {
  if (outcome === 'declined') return 'referral-declined';
  if (type === 'first-appointment' && outcome === 'did-not-attend') return 'did-not-attend';
  return undefined;
}

/** Why a notice was given, naming the organisation whose step it was. */
export function noticeReason(event: NoticeEvent, owner: string): string {
  return event === 'referral-declined' ? `Referral declined by ${owner}` : `Did not attend the first appointment with ${owner}`;
}

/** Whom an L2 raised outside the ladder's timing tells: the L2 rung's audience, else the policy's fallback, else the default's. */
export function l2Audience(policy: Pick<Policy, 'ladder' | 'fallbackL2Notify'>): readonly Audience[] {
  return policy.ladder.find((r) => r.level === 'L2')?.notify ?? policy.fallbackL2Notify ?? DEFAULT_FALLBACK_L2_AUDIENCE;
}

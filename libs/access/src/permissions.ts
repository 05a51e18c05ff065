/**
 * Who may change what: the role checks every service makes before a change, answered with
 * one 403 problem. Reading (who sees which pathway, and how much) is pathway-access.ts; a
 * caller who cannot see a pathway gets 404 before any of these checks runs.
 */
import type { AuthenticatedUser, Role } from '@throughcare/auth';
import type { PathwayEventName } from '@throughcare/domain';
import { PathwayEntity } from '@throughcare/persistence';
import { DomainError } from '@throughcare/problem';

export function forbidden(detail: string): DomainError {
  return new DomainError('forbidden', detail);
}

export function isAdmin(user: AuthenticatedUser): boolean {
  return user.roles.includes('admin');
}

/** Refuses unless the caller holds one of the roles (and, when `org` is given, acts for that organisation). */
export function requireRole(user: AuthenticatedUser, roles: readonly Role[], detail: string, org?: string): void {
  if (!roles.some((role) => user.roles.includes(role)) || (org !== undefined && user.org !== org)) throw forbidden(detail);
}

export function requireAdmin(user: AuthenticatedUser, detail: string): void {
  requireRole(user, ['admin'], detail);
}

/** A sender of a pathway event: a role, acting for the organisation in this place on the pathway. */
export interface Sender {
  role: Role;
  place: 'prisonCode' | 'probationCode' | 'communityTreatmentCode';
}

/** The healthcare team of the prison holding the person now (not the one that registered them). */
export const HOLDING_PRISON: Sender = { role: 'prison-healthcare', place: 'prisonCode' };
/** The probation unit the pathway is routed to. */
export const PROBATION_UNIT: Sender = { role: 'probation', place: 'probationCode' };
/** The community treatment service the pathway is routed to. */
export const TREATMENT_SERVICE: Sender = { role: 'community-treatment', place: 'communityTreatmentCode' };

/** Who may send each change to a pathway. */
export const SENDERS = {
  changeReleaseDate: [HOLDING_PRISON],
  recordRelease: [HOLDING_PRISON],
  returnToCustody: [HOLDING_PRISON, PROBATION_UNIT],
  cancel: [HOLDING_PRISON],
  transfer: [HOLDING_PRISON],
  correctPerson: [HOLDING_PRISON],
  /**
   * The person's mobile number and consent to texts (recording and withdrawing): the prison
   * holding them, or the community treatment service (which takes over after release). Who
   * may read it is seesContact, the healthcare view.
   */
  recordContact: [HOLDING_PRISON, TREATMENT_SERVICE],
} as const satisfies Record<string, readonly Sender[]>;

/** Who may send each pathway event, by the event's name in the API (POST /v1/pathways/{id}/{event}). */
export const EVENT_SENDERS: Record<PathwayEventName, readonly Sender[]> = {
  'release-date': SENDERS.changeReleaseDate,
  released: SENDERS.recordRelease,
  'returned-to-custody': SENDERS.returnToCustody,
  transfer: SENDERS.transfer,
  cancel: SENDERS.cancel,
};

/**
 * Who may change an organisation's public profile: an admin, or the organisation's own
 * `organisation-admin` (for that organisation only).
 */
export function requireProfileEditor(user: AuthenticatedUser, org: string): void {
  if (isAdmin(user)) return;
  requireRole(user, ['organisation-admin'], "Only an administrator or the organisation's own administrator can change its public profile", org);
}

/** Who may open the plan a person takes with them on release day: the pathway's healthcare teams. */
export const PLAN_READERS: readonly Role[] = ['prison-healthcare', 'community-treatment'];

/** Who may read the reports (over the pathways they can see; an admin over all). */
export const REPORT_READERS: readonly Role[] = ['commissioner', 'prison-healthcare', 'community-treatment', 'admin'];

export function isSender(user: AuthenticatedUser, pathway: Pick<PathwayEntity, Sender['place']>, senders: readonly Sender[]): boolean {
  return senders.some((s) => user.roles.includes(s.role) && pathway[s.place] === user.org);
}

/** Refuses unless the caller is one of the senders of this pathway. */
export function requireSender(user: AuthenticatedUser, pathway: Pick<PathwayEntity, Sender['place']>, senders: readonly Sender[], detail: string): void {
  if (!isSender(user, pathway, senders)) throw forbidden(detail);
}

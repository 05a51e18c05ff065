/**
 * Which pathways a signed-in user may see: those whose organisations include the user's
 * (the prison holding the person, the one that registered them, and those routed to).
 * Anything else answers 404, never a hint that the record exists (DESIGN §6).
 * The full role-by-role rules come with access control; this is the one place they go.
 */
import { SelectQueryBuilder } from 'typeorm';
import { AuthenticatedUser } from '@throughcare/auth';
import { PathwayEntity } from '@throughcare/persistence';

export function canSeePathway(user: AuthenticatedUser, pathway: PathwayEntity): boolean {
  return [pathway.prisonCode, pathway.registeringPrisonCode, pathway.communityTreatmentCode, pathway.probationCode, pathway.commissionerCode].includes(
    user.org,
  );
}

export function whereVisibleTo<T extends object>(query: SelectQueryBuilder<T>, alias: string, user: AuthenticatedUser): SelectQueryBuilder<T> {
  return query.andWhere(
    `:org IN (${alias}.prison_code, ${alias}.registering_prison_code, ${alias}.community_treatment_code, ${alias}.probation_code, ${alias}.commissioner_code)`,
    { org: user.org },
  );
}

/** How much of a person's record the caller needs (data minimisation, DESIGN §6). */
export type RecordView = 'healthcare' | 'probation' | 'commissioner';

export function recordViewFor(user: AuthenticatedUser, pathway: PathwayEntity): RecordView {
  if ([pathway.prisonCode, pathway.registeringPrisonCode, pathway.communityTreatmentCode].includes(user.org)) return 'healthcare';
  if (user.org === pathway.probationCode) return 'probation';
  return 'commissioner';
}

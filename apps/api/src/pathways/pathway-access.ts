/**
 * Who sees which pathways, and how much of them (DESIGN §6). A caller reaches a pathway only
 * through a place on it that matches one of their roles: the prison healthcare team of the
 * prison that holds or registered the person, the community treatment service or probation
 * unit it is routed to, or the commissioner of its area. The organisation code alone is not
 * enough, so a probation officer's token never opens a prison's view. Anything else answers
 * 404, never a hint that the record exists.
 */
import { SelectQueryBuilder } from 'typeorm';
import { AuthenticatedUser, Role } from '@throughcare/auth';
import type { OrganisationRole, TaskType } from '@throughcare/domain';
import { PathwayEntity } from '@throughcare/persistence';

/** The organisation type each role acts for. */
const ORGANISATION_TYPE_OF: Partial<Record<Role, OrganisationRole>> = {
  'prison-healthcare': 'prison',
  'community-treatment': 'community-treatment',
  probation: 'probation',
  commissioner: 'commissioner',
};

/** The organisation types a caller may act for: those of their roles. */
export function organisationTypesOf(user: AuthenticatedUser): OrganisationRole[] {
  return user.roles.flatMap((role) => ORGANISATION_TYPE_OF[role] ?? []);
}

/** SQL: the caller holds a place on pathway `alias` through one of their roles, each as a condition. */
function placesSql(alias: string, user: AuthenticatedUser): Partial<Record<OrganisationRole, string>> {
  const types = organisationTypesOf(user);
  const places: Partial<Record<OrganisationRole, string>> = {
    prison: `:org IN (${alias}.prison_code, ${alias}.registering_prison_code)`,
    'community-treatment': `${alias}.community_treatment_code = :org`,
    probation: `${alias}.probation_code = :org`,
    // Its areas, not only the pathways routed to it: areas can be reassigned.
    commissioner: `(${alias}.commissioner_code = :org OR ${alias}.destination_area = ANY (
      SELECT unnest(o.areas) FROM organisations o WHERE o.code = :org AND o.type = 'commissioner'))`,
  };
  return Object.fromEntries(Object.entries(places).filter(([type]) => types.includes(type as OrganisationRole)));
}

export function whereVisibleTo<T extends object>(query: SelectQueryBuilder<T>, alias: string, user: AuthenticatedUser): SelectQueryBuilder<T> {
  const conditions = Object.values(placesSql(alias, user));
  return query.andWhere(conditions.length > 0 ? `(${conditions.join(' OR ')})` : 'false', { org: user.org });
}

/**
 * How much of a person's record the caller needs (data minimisation, DESIGN §6):
 * - `healthcare` (the prison, the community treatment service): everything.
 * - `probation-with-consent`: everything; the person consented to share their treatment.
 * - `probation`: who the person is and the handover, but nothing that reveals their treatment.
 * - `commissioner`: the handover without who the person is, to oversee and act on escalations.
 */
export type RecordView = 'healthcare' | 'probation-with-consent' | 'probation' | 'commissioner';

/** SQL: the caller's view of pathway `alias`, one of RecordView; NULL when not visible. */
export function recordViewSql(alias: string, user: AuthenticatedUser): string {
  const places = placesSql(alias, user);
  const cases = [
    places.prison && `WHEN ${places.prison} THEN 'healthcare'`,
    places['community-treatment'] && `WHEN ${places['community-treatment']} THEN 'healthcare'`,
    places.probation && `WHEN ${places.probation} AND ${alias}.consent_to_share THEN 'probation-with-consent'`,
    places.probation && `WHEN ${places.probation} THEN 'probation'`,
    places.commissioner && `WHEN ${places.commissioner} THEN 'commissioner'`,
  ].filter(Boolean);
  return cases.length > 0 ? `(CASE ${cases.join(' ')} END)` : 'NULL';
}

/** The caller's view of a pathway already known to be visible to them. */
export function recordViewFor(user: AuthenticatedUser, pathway: PathwayEntity): RecordView {
  const types = organisationTypesOf(user);
  if (types.includes('prison') && [pathway.prisonCode, pathway.registeringPrisonCode].includes(user.org)) return 'healthcare';
  if (types.includes('community-treatment') && pathway.communityTreatmentCode === user.org) return 'healthcare';
  if (types.includes('probation') && pathway.probationCode === user.org) return pathway.consentToShare ? 'probation-with-consent' : 'probation';
  return 'commissioner';
}

/** Steps whose very existence tells that the person is on OST or uses opioids. */
export const TREATMENT_REVEALING_TASKS: readonly TaskType[] = ['ost-bridging', 'naloxone'];

export function seesTreatment(view: RecordView): boolean {
  return view === 'healthcare' || view === 'probation-with-consent';
}

/** Whether a task of this type is shown in this view. */
export function showsTask(view: RecordView, type: string): boolean {
  return view !== 'probation' || !(TREATMENT_REVEALING_TASKS as readonly string[]).includes(type);
}

/**
 * Task details kept outside healthcare: the appointment's time and whether it was attended,
 * which the handover needs; never free text such as a decline's reason.
 */
const HANDOVER_DETAILS = ['appointmentAt', 'attended'];

export function visibleDetails<V>(view: RecordView, details: Record<string, V> | null): Record<string, V> | null {
  if (!details || seesTreatment(view)) return details;
  return Object.fromEntries(Object.entries(details).filter(([key]) => HANDOVER_DETAILS.includes(key)));
}

/**
 * Free text people wrote (why a date moved, why someone was recalled or a pathway cancelled)
 * may say anything about the person's health: outside healthcare only its absence shows.
 */
export function visibleFreeText(view: RecordView, text: string | null): string | null {
  return seesTreatment(view) ? text : null;
}

/** Timeline details without their free-text `reason` where the view may not see it. */
export function visibleEventDetails<V>(view: RecordView, details: Record<string, V>): Record<string, V> {
  if (seesTreatment(view)) return details;
  return Object.fromEntries(Object.entries(details).filter(([key]) => key !== 'reason'));
}

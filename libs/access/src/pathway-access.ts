/**
 * Who reaches which pathways, and which view of them (docs/design.md §5). One table,
 * ACCESS_RULES, says it once: each role reaches a pathway through a relation (its organisation
 * holds a place on the pathway) and that relation gives a view. Both the SQL filter the lists
 * run and the in-memory view the mappers use are built from the table, and
 * pathway-access.spec.ts checks that the two agree on every role and relation. The
 * organisation code alone is never enough: a probation officer's token never opens a
 * prison's view. Anything else answers 404, never a hint that the record exists.
 *
 * This module owns reading rules; who may change what is in permissions.ts.
 */
import { SelectQueryBuilder } from 'typeorm';
import { AuthenticatedUser, Role } from '@throughcare/auth';
import type { OrganisationRole } from '@throughcare/domain';
import { PathwayEntity } from '@throughcare/persistence';
import { RecordView, TREATMENT_REVEALING_TASKS } from './record-view';

/** The pathway fields that name an organisation holding a place on it. */
type PlaceField = 'prisonCode' | 'registeringPrisonCode' | 'communityTreatmentCode' | 'probationCode' | 'commissionerCode';

export interface AccessRule {
  role: Role;
  /** The organisation type the role acts for, which owns tasks of that type. */
  relation: OrganisationRole;
  /** The caller's organisation is named in one of these fields. */
  places: readonly PlaceField[];
  /** Or, for a commissioner, the pathway's destination area is one of its organisation's areas. */
  throughAreas?: true;
  view: RecordView;
  /** The view instead when the person consented to share their treatment with this relation. */
  viewWithConsent?: RecordView;
}

/**
 * In order: the first rule that holds gives the view, so a caller with several roles gets the
 * fullest view any of them allows.
 */
export const ACCESS_RULES: readonly AccessRule[] = [
  // The prison that holds the person, and the one that registered them (after a transfer).
  { role: 'prison-healthcare', relation: 'prison', places: ['prisonCode', 'registeringPrisonCode'], view: 'healthcare' },
  { role: 'community-treatment', relation: 'community-treatment', places: ['communityTreatmentCode'], view: 'healthcare' },
  { role: 'probation', relation: 'probation', places: ['probationCode'], view: 'probation', viewWithConsent: 'probation-with-consent' },
  // Its areas, not only the pathways routed to it: areas can be reassigned.
  { role: 'commissioner', relation: 'commissioner', places: ['commissionerCode'], throughAreas: true, view: 'commissioner' },
];

/** The rules of the caller's roles, in table order. */
function rulesOf(user: AuthenticatedUser): AccessRule[] {
  return ACCESS_RULES.filter((rule) => user.roles.includes(rule.role));
}

/** The organisation types a caller may act for: those of their roles. */
export function organisationTypesOf(user: AuthenticatedUser): OrganisationRole[] {
  return rulesOf(user).map((rule) => rule.relation);
}

/** Whether the caller acts for this organisation, as this type (a task's owner). */
export function actsFor(user: AuthenticatedUser, type: string, code: string): boolean {
  return user.org === code && (organisationTypesOf(user) as string[]).includes(type);
}

const column = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** SQL: the rule holds on pathway `alias` for the organisation `:org`. */
function holdsSql(rule: AccessRule, alias: string): string {
  const named = `:org IN (${rule.places.map((field) => `${alias}.${column(field)}`).join(', ')})`;
  if (!rule.throughAreas) return named;
  // An array computed once per statement, not a subquery per row: the planner can then read
  // the pathways of those areas from an index (a subquery inside an OR can only filter).
  return `(${named} OR ${alias}.destination_area = ANY (ARRAY(
      SELECT unnest(o.areas) FROM organisations o WHERE o.code = :org AND o.type = '${rule.relation}')))`;
}

/** SQL: the caller reaches pathway `alias` through one of their roles. Uses `:org`. */
export function visibleSql(alias: string, user: AuthenticatedUser): string {
  const conditions = rulesOf(user).map((rule) => holdsSql(rule, alias));
  return conditions.length > 0 ? `(${conditions.join(' OR ')})` : 'false';
}

/**
 * SQL: visibleSql split for a list's page, one condition per place column of the caller's
 * rules, each holding on pathways no earlier one holds on, so that together they admit exactly
 * what visibleSql admits, each pathway once. A list can then read each from the index on its
 * column in the list's order (`LIMIT` each) and merge them, where an `OR` across two columns
 * (a prison: `prison_code` or `registering_prison_code`) has no index that gives that order.
 * A later branch excludes the earlier columns with `IS DISTINCT FROM`, so the branch of the
 * registering prison is only the transferred pathways, which a partial index holds
 * (`pathways_transferred_idx`, migration 1766793800000). A single condition (visibleSql itself) when there is nothing
 * to split: one place, or a rule held through areas, whose many areas no index gives in order.
 * Uses `:org`.
 */
export function visibleBranchesSql(alias: string, user: AuthenticatedUser): string[] {
  const rules = rulesOf(user);
  if (rules.some((rule) => rule.throughAreas)) return [visibleSql(alias, user)];
  const places = [...new Set(rules.flatMap((rule) => rule.places.map((field) => `${alias}.${column(field)}`)))];
  if (places.length < 2) return [visibleSql(alias, user)];
  return places.map((place, i) => [`${place} = :org`, ...places.slice(0, i).map((earlier) => `${place} IS DISTINCT FROM ${earlier}`)].join(' AND '));
}

/** Adds "the caller reaches pathway `alias`" to the query. */
export function whereVisibleTo<T extends object>(query: SelectQueryBuilder<T>, alias: string, user: AuthenticatedUser): SelectQueryBuilder<T> {
  return query.andWhere(visibleSql(alias, user), { org: user.org });
}

/** Whether any of the caller's roles can give them this view of a pathway. */
export function mayHaveView(user: AuthenticatedUser, view: RecordView): boolean {
  return rulesOf(user).some((rule) => rule.view === view || rule.viewWithConsent === view);
}

/** SQL: the caller's view of pathway `alias`, one of RecordView; NULL when not visible. Uses `:org`. */
export function recordViewSql(alias: string, user: AuthenticatedUser): string {
  const cases = rulesOf(user).flatMap((rule) => [
    ...(rule.viewWithConsent ? [`WHEN ${holdsSql(rule, alias)} AND ${alias}.consent_to_share THEN '${rule.viewWithConsent}'`] : []),
    `WHEN ${holdsSql(rule, alias)} THEN '${rule.view}'`,
  ]);
  return cases.length > 0 ? `(CASE ${cases.join(' ')} END)` : 'NULL';
}

/**
 * Adds "task `taskAlias` is shown in the caller's view of its pathway `pathwayAlias`": the SQL
 * form of showsTask, for lists that page in SQL. Uses `:org`, as whereVisibleTo does.
 */
export function whereTaskShown<T extends object>(query: SelectQueryBuilder<T>, taskAlias: string, pathwayAlias: string, user: AuthenticatedUser): SelectQueryBuilder<T> {
  const revealing = TREATMENT_REVEALING_TASKS.map((type) => `'${type}'`).join(', ');
  return query.andWhere(`(${taskAlias}.type NOT IN (${revealing}) OR ${recordViewSql(pathwayAlias, user)} IS DISTINCT FROM 'probation')`, { org: user.org });
}

type PathwayPlaces = Pick<PathwayEntity, PlaceField | 'destinationArea' | 'consentToShare'>;

/**
 * The caller's view of a pathway in memory; null when they cannot see it. `areas` are the
 * caller's organisation's areas; without them the pathway is taken as already known to be
 * visible (found through whereVisibleTo), so a commissioner rule with no named place held
 * through an area.
 */
export function recordViewOf(user: AuthenticatedUser, pathway: PathwayPlaces, areas?: readonly string[]): RecordView | null {
  for (const rule of rulesOf(user)) {
    const named = rule.places.some((field) => pathway[field] === user.org);
    const throughArea = rule.throughAreas === true && (areas === undefined || areas.includes(pathway.destinationArea));
    if (named || throughArea) return rule.viewWithConsent && pathway.consentToShare ? rule.viewWithConsent : rule.view;
  }
  return null;
}

/** The caller's view of a pathway already known to be visible to them (found through whereVisibleTo). */
export function recordViewFor(user: AuthenticatedUser, pathway: PathwayPlaces): RecordView {
  // Unreachable for a visible pathway; the most minimised view if it ever were.
  return recordViewOf(user, pathway) ?? 'commissioner';
}

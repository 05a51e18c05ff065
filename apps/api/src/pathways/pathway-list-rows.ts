/**
 * A pathway list page's pathways, read raw (common/raw-rows.ts): only the columns a summary,
 * the access rules and the cursor read, with the caller's next due step as a column of the
 * same statement.
 */
import type { SelectQueryBuilder } from 'typeorm';
import type { PathwayEntity, PathwayPersonEntity } from '@throughcare/persistence';
import { type Columns, rawRows } from '../common/raw-rows';
import type { SummarisedPathway } from './pathway.dto';

type PersonField = 'prisonNumber' | 'givenName' | 'familyName' | 'dateOfBirth' | 'nhsNumber';

/** A pathway as the list reads it; `nextDueAt`: when the caller's organisation's soonest open task on it is due, null when none. */
export type ListedPathway = SummarisedPathway & Pick<PathwayEntity, 'registeringPrisonCode' | 'releaseDay'> & { person: Pick<PathwayPersonEntity, PersonField>; nextDueAt: Date | null };

/** Flat, as read: the person's fields beside the pathway's. */
type Row = Omit<ListedPathway, 'person'> & Pick<PathwayPersonEntity, PersonField>;

/** On the list's aliases, `p` the pathway and `person` its person; `nextDueSql` the caller's next due step. Dates as text: the driver would make them Dates at local midnight. */
const columns = (nextDueSql: string): Columns<Row> => ({
  id: 'p.id',
  status: 'p.status',
  prisonCode: 'p.prison_code',
  registeringPrisonCode: 'p.registering_prison_code',
  destinationArea: 'p.destination_area',
  communityTreatmentCode: 'p.community_treatment_code',
  probationCode: 'p.probation_code',
  commissionerCode: 'p.commissioner_code',
  releaseDate: 'p.release_date::text',
  releaseDateType: 'p.release_date_type',
  expectedReleaseDate: 'p.expected_release_date::text',
  releaseDateAdjustedFrom: 'p.release_date_adjusted_from::text',
  releaseDateAdjustmentReason: 'p.release_date_adjustment_reason',
  releaseDay: 'p.release_day::text',
  releasedOn: 'p.released_on::text',
  outcome: 'p.outcome',
  outcomeAt: 'p.outcome_at',
  substances: 'p.substances',
  onOst: 'p.on_ost',
  consentToShare: 'p.consent_to_share',
  policyId: 'p.policy_id',
  policyVersion: 'p.policy_version',
  registeredAt: 'p.registered_at',
  prisonNumber: 'person.prison_number',
  givenName: 'person.given_name',
  familyName: 'person.family_name',
  dateOfBirth: 'person.date_of_birth::text',
  nhsNumber: 'person.nhs_number',
  // In the select list, PostgreSQL runs the subquery only for the rows the LIMIT keeps.
  nextDueAt: nextDueSql,
});

export async function listedPathways(query: SelectQueryBuilder<PathwayEntity>, nextDueSql: string): Promise<ListedPathway[]> {
  return (await rawRows(query, columns(nextDueSql))).map(({ prisonNumber, givenName, familyName, dateOfBirth, nhsNumber, ...pathway }) => ({
    ...pathway,
    person: { prisonNumber, givenName, familyName, dateOfBirth, nhsNumber },
  }));
}

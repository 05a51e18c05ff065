/**
 * A person's release dates as their latest pathway was registered with them: what the development
 * stand-ins for Prisoner Search answer (the worker's own without PRISONER_SEARCH_URL, and the HTTP
 * one `npm run start:production-like` serves). Free of the app's modules, so scripts can import it.
 */
import type { PrisonerReleaseDates } from '@throughcare/domain';

/** Anything with a pg-style query: a TypeORM DataSource, a pg Client. */
export interface Queryable {
  query(sql: string, params: unknown[]): Promise<unknown>;
}

const FIELD: Record<string, keyof PrisonerReleaseDates> = {
  CRD: 'conditionalReleaseDate',
  ARD: 'automaticReleaseDate',
  PRRD: 'postRecallReleaseDate',
  HDCAD: 'homeDetentionCurfewActualDate',
  CONFIRMED: 'confirmedReleaseDate',
};

/** The dates, in Prisoner Search's fields, or undefined for a person no pathway names. */
export async function registeredReleaseDates(db: Queryable, prisonNumber: string): Promise<PrisonerReleaseDates | undefined> {
  const result = await db.query(
    `SELECT to_char(p.release_date, 'YYYY-MM-DD') AS "releaseDate", p.release_date_type AS "type"
       FROM pathways p JOIN pathway_people pp ON pp.pathway_id = p.id
      WHERE pp.prison_number = $1 ORDER BY p.registered_at DESC LIMIT 1`,
    [prisonNumber],
  );
  // TypeORM answers the rows; pg answers a result holding them.
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<{ releaseDate: string; type: string }>;
  const [row] = rows;
  if (!row) return undefined;
  const field = FIELD[row.type];
  return { releaseDate: row.releaseDate, ...(field ? { [field]: row.releaseDate } : {}) };
}

/**
 * The continuity-of-care measure (PHOF C20) from the read model, in SQL: per group, people
 * whose day of release falls in the period, by outcome, with the rate and its 95% Wilson
 * interval, for everyone and for the subgroup on opioid substitution therapy.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AuthenticatedUser } from '@throughcare/auth';
import { wilsonInterval } from '@throughcare/domain';
import { PathwayEntity } from '@throughcare/persistence';
import { DataSource } from 'typeorm';
import { ContinuityGroup, ContinuityQueryDto } from './report-query.dto';
import { midDayOf, periodOf } from './report-period';
import { byKeyCodeUnits, inSharedSnapshot, ReportReader } from './report-query';
import { reportScopeOf, SUPPRESS_BELOW } from './report-scope';
import type { AttendanceFiguresDto, ContinuityFiguresDto, ContinuityReportDto } from './report.dto';

/** The 2021 drug strategy's ambition for C20: three in four. */
export const NATIONAL_AMBITION = 0.75;

/** T, the day of release that counts (the domain's ReleaseDay), as the workflow stored it: indexed, never recomputed here. */
export const RELEASE_DAY_SQL = 'p.release_day';

export const CONTINUITY_DEFINITION = [
  'Numerator: people who started community treatment (attended a first appointment, or a re-arranged one after a missed first appointment) within the engagement window of their pathway policy, by default 21 days from the day of release inclusive (outcome "engaged").',
  'Denominator ("released"): people whose day of release (the recorded actual day, else the expected day) falls in the period and whose outcome is settled: engaged, or not engaged once the window closed.',
  'Exclusions, not in the denominator: pathways ended by a return to custody (recall or remand) or cancelled (registered in error, died, or moved out of scope); each is counted.',
  'Still open: people whose outcome is not yet settled; shown apart, not in the rate. An engaged outcome settles as soon as treatment starts, a not-engaged one only when the window closes, so while a period has people still open its rate is provisional.',
  'Rate: numerator / denominator, with a 95% Wilson score interval. Groups of fewer than 5 people are suppressed for readers outside healthcare.',
  'First-appointment attendance, texted and not texted: of the first appointments whose attendance was recorded, the share attended, apart for people a text about the appointment reached (sent or delivered) and for people none did; with the same interval and suppression.',
  'Against the national return (PHOF C20, from NDTMS): C20 counts adults released from prison with a treatment need in custody and looks for a treatment start recorded in NDTMS by any community service within three weeks. Throughcare counts only the people registered with it, and only engagement recorded here; people not registered, or engaged with a service that does not use Throughcare, are missing, and its exclusions are by pathway event, not NDTMS closure reasons.',
].join(' ');

const GROUP_SQL: Record<ContinuityGroup, string> = {
  month: `to_char(release_day, 'YYYY-MM')`,
  prison: 'prison_code',
  area: 'destination_area',
  'community-treatment': 'community_treatment_code',
};

/** Response keys for the group columns. */
const GROUP_KEY: Record<ContinuityGroup, string> = { month: 'month', prison: 'prison', area: 'area', 'community-treatment': 'communityTreatment' };

export type ContinuityFigures = ContinuityFiguresDto;
export type ContinuityReport = ContinuityReportDto;
export type AttendanceFigures = AttendanceFiguresDto;

type Counts = Record<'people' | 'released' | 'engaged' | 'not_engaged' | 'excluded' | 'recalled' | 'cancelled' | 'still_open', string>;

function countColumns(prefix: string, condition: string): string {
  const when = (extra: string) => `count(*) FILTER (WHERE ${condition}${extra})`;
  return [
    `${when('')} AS ${prefix}people`,
    `${when(` AND outcome IN ('engaged', 'not-engaged')`)} AS ${prefix}released`,
    `${when(` AND outcome = 'engaged'`)} AS ${prefix}engaged`,
    `${when(` AND outcome = 'not-engaged'`)} AS ${prefix}not_engaged`,
    `${when(` AND outcome = 'excluded'`)} AS ${prefix}excluded`,
    `${when(` AND exclusion = 'returned-to-custody'`)} AS ${prefix}recalled`,
    `${when(` AND exclusion = 'cancelled'`)} AS ${prefix}cancelled`,
    `${when(` AND outcome IS NULL`)} AS ${prefix}still_open`,
  ].join(',\n');
}

function attendanceColumns(): string {
  const when = (condition: string) => `count(*) FILTER (WHERE ${condition})`;
  return [
    `${when(`first_attendance IS NOT NULL AND texted`)} AS texted_recorded`,
    `${when(`first_attendance = 'attended' AND texted`)} AS texted_attended`,
    `${when(`first_attendance IS NOT NULL AND NOT texted`)} AS not_texted_recorded`,
    `${when(`first_attendance = 'attended' AND NOT texted`)} AS not_texted_attended`,
  ].join(',\n');
}

function attendance(row: Record<string, string>, prefix: string, suppress: boolean): AttendanceFigures {
  const recorded = Number(row[`${prefix}recorded`]);
  const attended = Number(row[`${prefix}attended`]);
  if (suppress && recorded < SUPPRESS_BELOW) return { recorded: null, attended: null, rate: null, interval: null, suppressed: true };
  return { recorded, attended, rate: recorded > 0 ? attended / recorded : null, interval: wilsonInterval(attended, recorded) ?? null, suppressed: false };
}

function figures(row: Record<string, string>, prefix: string, suppress: boolean): ContinuityFigures {
  const n = (name: keyof Counts) => Number(row[`${prefix}${name}`]);
  if (suppress && n('people') < SUPPRESS_BELOW) {
    return {
      people: null,
      released: null,
      engaged: null,
      notEngaged: null,
      excluded: { total: null, returnedToCustody: null, cancelled: null },
      stillOpen: null,
      rate: null,
      interval: null,
      provisional: null,
      suppressed: true,
    };
  }
  const released = n('released');
  const engaged = n('engaged');
  return {
    people: n('people'),
    released,
    engaged,
    notEngaged: n('not_engaged'),
    excluded: { total: n('excluded'), returnedToCustody: n('recalled'), cancelled: n('cancelled') },
    stillOpen: n('still_open'),
    rate: released > 0 ? engaged / released : null,
    interval: wilsonInterval(engaged, released) ?? null,
    provisional: n('still_open') > 0,
    suppressed: false,
  };
}

/**
 * Rows of several parts of a period as one: the counts of a group found in more than one part
 * (and of the totals) added up, the groups in the order of their values, as PostgreSQL's C
 * collation sorts them.
 */
function addUp(rows: Array<Record<string, string>>, keys: number): Array<Record<string, string>> {
  const isKey = (column: string) => column === 'grouping' || /^g\d+$/.test(column);
  const keyOf = (row: Record<string, string>) => [row.grouping, ...Array.from({ length: keys }, (_, i) => row[`g${i}`])].join('\u0000');
  const sums = new Map<string, Record<string, string>>();
  for (const row of rows) {
    const sum = sums.get(keyOf(row));
    if (!sum) sums.set(keyOf(row), { ...row });
    else for (const column of Object.keys(row)) if (!isKey(column)) sum[column] = String(Number(sum[column]) + Number(row[column]));
  }
  return [...sums.entries()].sort(byKeyCodeUnits).map(([, row]) => row);
}

@Injectable()
export class ContinuityOfCareReport {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async build(user: AuthenticatedUser, query: ContinuityQueryDto): Promise<ContinuityReport> {
    const scope = reportScopeOf(user);
    const period = periodOf(query);
    // Each half of the period on its own connection, side by side, both reading one snapshot so
    // a pathway whose day of release moves meanwhile is counted once; the halves' counts add up.
    const midDay = midDayOf(period);
    const halves = await inSharedSnapshot(this.dataSource, 2, (readers) =>
      Promise.all(
        [
          [period.firstDay, midDay],
          [midDay, period.untilDay],
        ].map(([from, until], i) => this.aggregate(readers[i], scope.restrict.bind(scope), from, until, query.groupBy)),
      ),
    );
    const rows = addUp(halves.flat(), query.groupBy.length);
    const toRow = (row: Record<string, string>) => ({
      all: figures(row, 'all_', scope.suppressesSmallGroups),
      onOst: figures(row, 'ost_', scope.suppressesSmallGroups),
      firstAppointment: {
        texted: attendance(row, 'texted_', scope.suppressesSmallGroups),
        notTexted: attendance(row, 'not_texted_', scope.suppressesSmallGroups),
      },
    });
    const detail = rows.filter((r) => Number(r.grouping) === 0);
    const total = rows.find((r) => Number(r.grouping) !== 0);
    return {
      definition: CONTINUITY_DEFINITION,
      from: period.from,
      to: period.to,
      groupBy: query.groupBy,
      nationalAmbition: NATIONAL_AMBITION,
      groups: detail.map((row) => ({ group: Object.fromEntries(query.groupBy.map((g, i) => [GROUP_KEY[g], row[`g${i}`]])), ...toRow(row) })),
      // The empty grouping set gives a row even when the period holds nobody.
      total: toRow(total!),
    };
  }

  /** The counts of the pathways released from `from` until `until`, per group and in total (grouping not 0). */
  private async aggregate(
    reader: ReportReader,
    restrict: ReturnType<typeof reportScopeOf>['restrict'],
    from: string,
    until: string,
    groupBy: ContinuityGroup[],
  ): Promise<Array<Record<string, string>>> {
    const cohort = restrict(
      this.dataSource
        .getRepository(PathwayEntity)
        .createQueryBuilder('p')
        .select([
          `${RELEASE_DAY_SQL} AS release_day`,
          'p.prison_code AS prison_code',
          'p.destination_area AS destination_area',
          'p.community_treatment_code AS community_treatment_code',
          'p.on_ost AS on_ost',
          'p.outcome AS outcome',
          // Why an excluded pathway ended: its first closing event.
          `CASE WHEN p.outcome = 'excluded' THEN (
             SELECT e.type FROM pathway_events e
              WHERE e.pathway_id = p.id AND e.type IN ('returned-to-custody', 'cancelled') ORDER BY e.seq LIMIT 1) END AS exclusion`,
          // Attendance at the first appointment as recorded, and whether a text about it reached the person.
          `(SELECT t.outcome FROM tasks t WHERE t.pathway_id = p.id AND t.type = 'first-appointment' AND t.state = 'done'
             ORDER BY t.completed_at LIMIT 1) AS first_attendance`,
          `EXISTS (SELECT 1 FROM pathway_texts x WHERE x.pathway_id = p.id AND x.kind IN ('booked', 'reminder') AND x.state IN ('sent', 'delivered')) AS texted`,
        ])
        .where(`${RELEASE_DAY_SQL} >= :from AND ${RELEASE_DAY_SQL} < :until`, { from, until })
        // A pathway that failed to start never reached anyone: not part of the measure.
        .andWhere(`p.status <> 'failed'`),
    );
    const [cohortSql, parameters] = cohort.getQueryAndParameters();
    const groups = groupBy.map((g, i) => `${GROUP_SQL[g]} AS g${i}`);
    const keys = groupBy.map((g) => GROUP_SQL[g]);
    const sql = `
      WITH cohort AS (${cohortSql})
      SELECT ${[...groups, `GROUPING(${keys.join(', ')}) AS grouping`, countColumns('all_', 'true'), countColumns('ost_', 'on_ost'), attendanceColumns()].join(',\n')}
        FROM cohort
       GROUP BY GROUPING SETS ((${keys.join(', ')}), ())
       ORDER BY ${groupBy.map((_, i) => `g${i}`).join(', ')}`;
    return reader.query(sql, parameters);
  }
}

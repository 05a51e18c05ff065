/**
 * Where handovers fail: for each step (and owning organisation) of the pathways released in
 * the period, how many were due, the share done on time, how late the late ones were in
 * working days, the escalations raised by level, and declines and missed appointments.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AuthenticatedUser } from '@throughcare/auth';
import { PathwayEntity, taskTimelinessSql } from '@throughcare/persistence';
import { DataSource } from 'typeorm';
import { RELEASE_DAY_SQL } from './continuity-of-care';
import { Histogram, percentileOf } from './lateness-histogram';
import { HandoverStepsQueryDto, StepGroup } from './report-query.dto';
import { midDayOf, periodOf } from './report-period';
import { byKeyCodeUnits, inSharedSnapshot } from './report-query';
import { reportScopeOf, SUPPRESS_BELOW } from './report-scope';
import type { HandoverStepsReportDto, StepFiguresDto } from './report.dto';

export const HANDOVER_DEFINITION = [
  'Tasks of the pathways whose day of release falls in the period, by step (task type) and the organisation that owns it.',
  '"due": tasks done, or still open past their deadline; tasks cancelled or not yet due are left out.',
  '"onTime": done by the deadline. "shareOnTime" = onTime / due.',
  'Lateness of the late ones (done late, or still open past the deadline, counted to now): working days (England and Wales) from the deadline\'s day to the day done; a task a few hours late on its due day is 0.',
  'Escalations: every level raised on those tasks, including reminders and notices. Declines: referrals declined. Did not attend: first appointments missed.',
  'Groups with fewer than 5 tasks due are suppressed for readers outside healthcare.',
].join(' ');

const GROUP_SQL: Record<StepGroup, string> = { step: 't.type', organisation: 't.owner_code' };
const LEVELS = ['reminder', 'L1', 'L2', 'L3', 'notice'] as const;
/** The counts each row of figures carries, named as the summary's columns are. */
const COUNTS = ['due', 'on_time', 'declined', 'did_not_attend', 'reminder', 'l1', 'l2', 'l3', 'notice'] as const;
/** Up to this many pathways, the cohort goes to the aggregates as a list of ids. */
const COHORT_IDS_LIMIT = 10_000;

/** Due, on time and late as every report counts them (the domain's timelinessOf), at the statement's time. */
const TIMELINESS = taskTimelinessSql('t');

/**
 * One pass over the cohort's tasks, with their escalations, in the summary's shape: per group
 * and working days late (null for the tasks not late), the counts of COUNTS. Counted by the
 * definition the summary folds settled pathways with (TIMELINESS): due, on time, and lateness
 * in working days (none when a day is not in the calendar); declines and missed appointments
 * among the due; every escalation raised on the task, by level. Tasks neither due nor
 * escalated count nothing and are left out early.
 */
function liveFiguresSql(cohortSql: string, keys: string[]): string {
  const selectKeys = keys.map((k, i) => `${k} AS g${i}`).join(', ');
  return `
    WITH cohort AS (${cohortSql}),
    raised AS (
      SELECT e.task_id, ${LEVELS.map((l) => `count(*) FILTER (WHERE e.level = '${l}') AS ${l.toLowerCase()}`).join(', ')}
        FROM escalations e JOIN cohort c ON c.id = e.pathway_id
       WHERE e.task_id IS NOT NULL
       GROUP BY e.task_id)
    SELECT ${selectKeys}, ${TIMELINESS.workingDaysLate} AS late,
           count(*) FILTER (WHERE d.due) AS due, count(*) FILTER (WHERE d.on_time) AS on_time,
           count(*) FILTER (WHERE d.due AND t.outcome = 'declined') AS declined,
           count(*) FILTER (WHERE d.due AND t.outcome = 'did-not-attend') AS did_not_attend,
           ${LEVELS.map((l) => `coalesce(sum(r.${l.toLowerCase()}), 0) AS ${l.toLowerCase()}`).join(', ')}
      FROM cohort c JOIN tasks t ON t.pathway_id = c.id
      LEFT JOIN raised r ON r.task_id = t.id
      CROSS JOIN LATERAL (SELECT ${TIMELINESS.due} AS due, ${TIMELINESS.onTime} AS on_time) d
     WHERE d.due OR r.task_id IS NOT NULL
     GROUP BY ${[...keys.map((_, i) => String(i + 1)), String(keys.length + 1)].join(', ')}`;
}

/** The summary's rows of the months from $1 until $2, in the same shape. */
function summaryFiguresSql(keys: string[]): string {
  return `
    SELECT ${keys.map((k, i) => `${k} AS g${i}`).join(', ')}, t.late_working_days AS late, ${COUNTS.map((c) => `sum(t.${c}) AS ${c}`).join(', ')}
      FROM handover_step_summary t
     WHERE t.month >= $1::date AND t.month < $2::date
     GROUP BY ${[...keys, 't.late_working_days'].join(', ')}`;
}

type FiguresRow = Record<string, string | null>;

export type StepFigures = StepFiguresDto;
export type HandoverStepsReport = HandoverStepsReportDto;

@Injectable()
export class HandoverStepsReportBuilder {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async build(user: AuthenticatedUser, query: HandoverStepsQueryDto): Promise<HandoverStepsReport> {
    const scope = reportScopeOf(user);
    const period = periodOf(query);
    // Every pathway (an admin's report) is mostly settled ones: those come folded from the
    // summary, and only the rest are computed live. A scoped reader's cohort is small enough
    // to compute whole, and the summary is not kept by the places that scope it.
    const summarised = scope.allPathways;
    // Folded in the period's months: a pathway whose day of release moved out of the month it
    // was folded in (until the next refresh folds it again) is counted where its day now is.
    const notFolded = `NOT EXISTS (SELECT 1 FROM handover_summary_pathways f WHERE f.pathway_id = p.id AND f.month >= :firstDay AND f.month < :untilDay)`;
    // The pathways released from `from` until `until`, a part of the period or all of it.
    const cohortOf = (from: string, until: string) => {
      const released = this.dataSource
        .getRepository(PathwayEntity)
        .createQueryBuilder('p')
        .select('p.id', 'id')
        .where(`${RELEASE_DAY_SQL} >= :from AND ${RELEASE_DAY_SQL} < :until`, { from, until })
        .andWhere(`p.status <> 'failed'`);
      return scope.restrict(summarised ? released.andWhere(notFolded, { firstDay: period.firstDay, untilDay: period.untilDay }) : released).getQueryAndParameters();
    };
    const midDay = midDayOf(period);
    const halves = [cohortOf(period.firstDay, midDay), cohortOf(midDay, period.untilDay)];
    const keys = query.groupBy.map((g) => GROUP_SQL[g]);
    // Read in one snapshot on two connections, so that halves of the work run side by side: the
    // cohort's ids of each half of the period and the summary, then the live figures of each
    // half of the cohort. A pathway folded meanwhile is in the ids and not yet in the summary,
    // or the other way round, never both.
    const rows = await inSharedSnapshot(this.dataSource, 2, async (readers) => {
      // A reader's own pathways are found first. A scoped reader's are few: their ids, passed as
      // an array PostgreSQL can count, let it look their tasks up by index (about 20 ms, where a
      // join it cannot size read the whole tasks table, about 500 ms). A national cohort is
      // joined as a query: sending tens of thousands of ids would cost more than it saves.
      const [cohorts, folded] = await Promise.all([
        Promise.all(halves.map(([sql, parameters], i) => readers[i].query<{ id: string }>(sql, parameters))),
        summarised ? readers[1].query<FiguresRow>(summaryFiguresSql(keys), [period.firstDay, period.untilDay]) : [],
      ]);
      const ids = cohorts.flat().map((r) => r.id);
      if (ids.length > COHORT_IDS_LIMIT) {
        const [wholeSql, wholeParameters] = cohortOf(period.firstDay, period.untilDay);
        return [...folded, ...(await readers[0].query<FiguresRow>(liveFiguresSql(wholeSql, keys), wholeParameters))];
      }
      const half = Math.ceil(ids.length / 2);
      const live = await Promise.all(
        readers.map(async (reader, i) => {
          await reader.preferIndexLookups();
          return reader.query<FiguresRow>(liveFiguresSql(`SELECT unnest($1::uuid[]) AS id`, keys), [ids.slice(i * half, (i + 1) * half)]);
        }),
      );
      return [...folded, ...live.flat()];
    });
    const groupOf = (row: Record<string, string | null>) => Object.fromEntries(query.groupBy.map((g, i) => [g, String(row[`g${i}`])]));
    const keyOf = (row: Record<string, string | null>) => query.groupBy.map((_, i) => row[`g${i}`]).join('\u0000');
    // A group's rows (live and folded, by lateness) are summed, and those of its late tasks
    // (lateness not null) are its histogram.
    const groups = new Map<string, { row: Record<string, string | null>; counts: Record<(typeof COUNTS)[number], number>; late: Histogram }>();
    for (const row of rows) {
      const group = groups.get(keyOf(row)) ?? { row, counts: Object.fromEntries(COUNTS.map((c) => [c, 0])) as Record<(typeof COUNTS)[number], number>, late: [] };
      for (const c of COUNTS) group.counts[c] += Number(row[c]);
      if (row.late !== null) group.late.push({ value: Number(row.late), count: Number(row.due) });
      groups.set(keyOf(row), group);
    }
    return {
      definition: HANDOVER_DEFINITION,
      from: period.from,
      to: period.to,
      groupBy: query.groupBy,
      groups: [...groups.entries()]
        .sort(byKeyCodeUnits)
        .map(([, group]) => group)
        .filter(({ counts }) => counts.due > 0)
        .map(({ row, counts, late }): StepFigures => {
          if (scope.suppressesSmallGroups && counts.due < SUPPRESS_BELOW) {
            return { group: groupOf(row), due: null, onTime: null, shareOnTime: null, lateness: null, escalations: null, declined: null, didNotAttend: null, suppressed: true };
          }
          return {
            group: groupOf(row),
            due: counts.due,
            onTime: counts.on_time,
            shareOnTime: counts.on_time / counts.due,
            lateness: { medianWorkingDays: percentileOf(late, 0.5), p90WorkingDays: percentileOf(late, 0.9) },
            escalations: { reminder: counts.reminder, L1: counts.l1, L2: counts.l2, L3: counts.l3, notice: counts.notice },
            declined: counts.declined,
            didNotAttend: counts.did_not_attend,
            suppressed: false,
          };
        }),
    };
  }
}

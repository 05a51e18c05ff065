/**
 * Where handovers fail: for each step (and owning organisation) of the pathways released in
 * the period, how many were due, the share done on time, how late the late ones were in
 * working days, the escalations raised by level, and declines and missed appointments.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AuthenticatedUser } from '@throughcare/auth';
import { PathwayEntity } from '@throughcare/persistence';
import { DataSource } from 'typeorm';
import { RELEASE_DAY_SQL } from './continuity-of-care';
import { Histogram, percentileOf } from './lateness-histogram';
import { HandoverStepsQueryDto, StepGroup } from './report-query.dto';
import { periodOf } from './report-period';
import { reportQuery } from './report-query';
import { reportScopeOf, SUPPRESS_BELOW } from './report-scope';

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
/** The summary's escalation counts as one row per level, as the live query counts them. */
const SUMMARY_LEVELS = `CROSS JOIN LATERAL (VALUES ('reminder', s.reminder), ('L1', s.l1), ('L2', s.l2), ('L3', s.l3), ('notice', s.notice)) AS l (level, raised)`;
/** Up to this many pathways, the cohort goes to the aggregates as a list of ids. */
const COHORT_IDS_LIMIT = 10_000;

export interface StepFigures {
  group: Record<string, string>;
  due: number | null;
  onTime: number | null;
  shareOnTime: number | null;
  lateness: { medianWorkingDays: number | null; p90WorkingDays: number | null } | null;
  escalations: Record<(typeof LEVELS)[number], number> | null;
  declined: number | null;
  didNotAttend: number | null;
  suppressed: boolean;
}

export interface HandoverStepsReport {
  definition: string;
  from: string;
  to: string;
  groupBy: StepGroup[];
  groups: StepFigures[];
}

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
    const inPeriod = this.dataSource
      .getRepository(PathwayEntity)
      .createQueryBuilder('p')
      .select('p.id', 'id')
      .where(`${RELEASE_DAY_SQL} >= :firstDay AND ${RELEASE_DAY_SQL} < :untilDay`, { firstDay: period.firstDay, untilDay: period.untilDay })
      .andWhere(`p.status <> 'failed'`);
    const cohort = scope.restrict(summarised ? inPeriod.andWhere(notFolded) : inPeriod);
    const [scopedSql, scopedParameters] = cohort.getQueryAndParameters();
    // A reader's own pathways are found first. A scoped reader's are few: their ids, passed as
    // an array PostgreSQL can count, let it look their tasks up by index (about 20 ms, where a
    // join it cannot size read the whole tasks table, about 500 ms). A national cohort is
    // joined as a query: sending tens of thousands of ids would cost more than it saves.
    const ids = ((await this.dataSource.query(scopedSql, scopedParameters)) as Array<{ id: string }>).map((r) => r.id);
    const byIds = ids.length <= COHORT_IDS_LIMIT;
    const cohortSql = byIds ? `SELECT unnest($1::uuid[]) AS id` : scopedSql;
    const parameters = byIds ? [ids] : scopedParameters;
    const keys = query.groupBy.map((g) => GROUP_SQL[g]);
    const selectKeys = keys.map((k, i) => `${k} AS g${i}`).join(', ');
    const outerKeys = keys.map((_, i) => `g${i}`).join(', ');
    const londonDay = (instant: string) => `(${instant} AT TIME ZONE 'Europe/London')::date`;
    const groupBy = keys.join(', ');
    const due = `t.state = 'done' OR (t.state = 'open' AND t.due_at < now())`;
    const onTime = `t.state = 'done' AND t.completed_at <= t.due_at`;
    // The summary's rows in the period (aliased t, so the group keys read the same), when used.
    const [fromDay, untilDay] = [`$${parameters.length + 1}::date`, `$${parameters.length + 2}::date`];
    const summaryOnly = (select: string, extra: { where?: string; groupBy?: string } = {}) =>
      `SELECT ${selectKeys}, ${select} FROM handover_step_summary t
        WHERE t.month >= ${fromDay} AND t.month < ${untilDay} ${extra.where ?? ''}
        GROUP BY ${[groupBy, extra.groupBy].filter(Boolean).join(', ')}`;
    const fromSummary = (select: string, extra: { where?: string; groupBy?: string } = {}) => (summarised ? `UNION ALL ${summaryOnly(select, extra)}` : '');
    // A pathway folded since its id was read is left to the summary: each statement reads the
    // summary and this guard from one snapshot, so counts it once. Applied to the joined rows,
    // not the cohort, so the cohort stays a plain array the planner sizes exactly.
    const live = (pathwayId: string) =>
      summarised ? `AND NOT EXISTS (SELECT 1 FROM handover_summary_pathways f WHERE f.pathway_id = ${pathwayId} AND f.month >= ${fromDay} AND f.month < ${untilDay})` : '';
    const allParameters = summarised ? [...parameters, period.firstDay, period.untilDay] : parameters;
    // Three aggregates side by side: counts over every task due, lateness over the late ones
    // only (the calendar lookups are the costly part), and escalations by level. Lateness comes
    // as counts per working day late, so live and folded counts merge before the percentiles.
    const [steps, lateness, escalations] = await Promise.all([
      reportQuery<Record<string, string | null>>(
        this.dataSource,
        `WITH cohort AS (${cohortSql})
         SELECT ${outerKeys}, sum(due) AS due, sum(on_time) AS on_time, sum(declined) AS declined, sum(did_not_attend) AS did_not_attend
           FROM (SELECT ${selectKeys}, count(*) AS due, count(*) FILTER (WHERE ${onTime}) AS on_time,
                        count(*) FILTER (WHERE t.outcome = 'declined') AS declined,
                        count(*) FILTER (WHERE t.outcome = 'did-not-attend') AS did_not_attend
                   FROM tasks t JOIN cohort c ON c.id = t.pathway_id
                  WHERE (${due}) ${live('t.pathway_id')}
                  GROUP BY ${groupBy}
                 ${fromSummary('sum(t.due), sum(t.on_time), sum(t.declined), sum(t.did_not_attend)')}) g
          GROUP BY ${outerKeys} HAVING sum(due) > 0 ORDER BY ${outerKeys}`,
        allParameters,
        { lookupsByIndex: byIds },
      ),
      reportQuery<Record<string, string | null>>(
        this.dataSource,
        `WITH cohort AS (${cohortSql})
         SELECT ${outerKeys}, late, sum(n) AS n
           FROM (SELECT ${selectKeys}, ended.ordinal - deadline.ordinal AS late, count(*) AS n
                   FROM tasks t JOIN cohort c ON c.id = t.pathway_id
                   JOIN working_days deadline ON deadline.day = ${londonDay('t.due_at')}
                   JOIN working_days ended ON ended.day = ${londonDay(`CASE WHEN t.state = 'done' THEN t.completed_at ELSE now() END`)}
                  WHERE (${due}) AND NOT (${onTime}) ${live('t.pathway_id')}
                  GROUP BY ${groupBy}, late
                 ${fromSummary('t.late_working_days, sum(t.due)', { where: 'AND t.late_working_days IS NOT NULL', groupBy: 't.late_working_days' })}) g
          GROUP BY ${outerKeys}, late`,
        allParameters,
        { lookupsByIndex: byIds },
      ),
      reportQuery<Record<string, string>>(
        this.dataSource,
        `WITH cohort AS (${cohortSql})
         SELECT ${outerKeys}, level, sum(raised) AS raised
           FROM (SELECT ${selectKeys}, e.level, count(*) AS raised
                   FROM escalations e
                   JOIN cohort c ON c.id = e.pathway_id
                   JOIN tasks t ON t.id = e.task_id
                  WHERE true ${live('e.pathway_id')}
                  GROUP BY ${groupBy}, e.level
                 ${summarised ? `UNION ALL SELECT ${keys.map((_, i) => `s.g${i}`).join(', ')}, l.level, l.raised FROM (${summaryOnly('sum(t.reminder) AS reminder, sum(t.l1) AS l1, sum(t.l2) AS l2, sum(t.l3) AS l3, sum(t.notice) AS notice')}) s ${SUMMARY_LEVELS}` : ''}) g
          GROUP BY ${outerKeys}, level`,
        allParameters,
        { lookupsByIndex: byIds },
      ),
    ]);
    const groupOf = (row: Record<string, string | null>) => Object.fromEntries(query.groupBy.map((g, i) => [g, String(row[`g${i}`])]));
    const keyOf = (row: Record<string, string | null>) => query.groupBy.map((_, i) => row[`g${i}`]).join('\u0000');
    const late = new Map<string, Histogram>();
    for (const row of lateness) late.set(keyOf(row), [...(late.get(keyOf(row)) ?? []), { value: Number(row.late), count: Number(row.n) }]);
    const raised = new Map<string, Record<string, number>>();
    for (const row of escalations) {
      const counts = raised.get(keyOf(row)) ?? Object.fromEntries(LEVELS.map((l) => [l, 0]));
      counts[row.level] = Number(row.raised);
      raised.set(keyOf(row), counts);
    }
    return {
      definition: HANDOVER_DEFINITION,
      from: period.from,
      to: period.to,
      groupBy: query.groupBy,
      groups: steps.map((row): StepFigures => {
        const due = Number(row.due);
        if (scope.suppressesSmallGroups && due < SUPPRESS_BELOW) {
          return { group: groupOf(row), due: null, onTime: null, shareOnTime: null, lateness: null, escalations: null, declined: null, didNotAttend: null, suppressed: true };
        }
        const onTime = Number(row.on_time);
        const histogram = late.get(keyOf(row)) ?? [];
        return {
          group: groupOf(row),
          due,
          onTime,
          shareOnTime: due > 0 ? onTime / due : null,
          lateness: { medianWorkingDays: percentileOf(histogram, 0.5), p90WorkingDays: percentileOf(histogram, 0.9) },
          escalations: (raised.get(keyOf(row)) ?? Object.fromEntries(LEVELS.map((l) => [l, 0]))) as StepFigures['escalations'],
          declined: Number(row.declined),
          didNotAttend: Number(row.did_not_attend),
          suppressed: false,
        };
      }),
    };
  }
}

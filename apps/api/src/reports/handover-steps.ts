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
    const cohort = scope.restrict(
      this.dataSource
        .getRepository(PathwayEntity)
        .createQueryBuilder('p')
        .select('p.id', 'id')
        .where(`${RELEASE_DAY_SQL} >= :firstDay AND ${RELEASE_DAY_SQL} < :untilDay`, { firstDay: period.firstDay, untilDay: period.untilDay })
        .andWhere(`p.status <> 'failed'`),
    );
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
    const londonDay = (instant: string) => `(${instant} AT TIME ZONE 'Europe/London')::date`;
    const groupBy = keys.join(', ');
    const due = `t.state = 'done' OR (t.state = 'open' AND t.due_at < now())`;
    const onTime = `t.state = 'done' AND t.completed_at <= t.due_at`;
    // Three aggregates side by side: counts over every task due, lateness over the late ones
    // only (the calendar lookups are the costly part), and escalations by level.
    const [steps, lateness, escalations] = await Promise.all([
      reportQuery<Record<string, string | null>>(
        this.dataSource,
        `WITH cohort AS (${cohortSql})
         SELECT ${selectKeys}, count(*) AS due, count(*) FILTER (WHERE ${onTime}) AS on_time,
                count(*) FILTER (WHERE t.outcome = 'declined') AS declined,
                count(*) FILTER (WHERE t.outcome = 'did-not-attend') AS did_not_attend
           FROM tasks t JOIN cohort c ON c.id = t.pathway_id
          WHERE ${due}
          GROUP BY ${groupBy} ORDER BY ${groupBy}`,
        parameters,
      ),
      reportQuery<Record<string, string | null>>(
        this.dataSource,
        `WITH cohort AS (${cohortSql})
         SELECT ${selectKeys},
                percentile_cont(0.5) WITHIN GROUP (ORDER BY ended.ordinal - deadline.ordinal) AS median_late,
                percentile_cont(0.9) WITHIN GROUP (ORDER BY ended.ordinal - deadline.ordinal) AS p90_late
           FROM tasks t JOIN cohort c ON c.id = t.pathway_id
           JOIN working_days deadline ON deadline.day = ${londonDay('t.due_at')}
           JOIN working_days ended ON ended.day = ${londonDay(`CASE WHEN t.state = 'done' THEN t.completed_at ELSE now() END`)}
          WHERE (${due}) AND NOT (${onTime})
          GROUP BY ${groupBy}`,
        parameters,
      ),
      reportQuery<Record<string, string>>(
        this.dataSource,
        `WITH cohort AS (${cohortSql})
         SELECT ${selectKeys}, e.level, count(*) AS raised
           FROM escalations e
           JOIN cohort c ON c.id = e.pathway_id
           JOIN tasks t ON t.id = e.task_id
          GROUP BY ${groupBy}, e.level`,
        parameters,
      ),
    ]);
    const groupOf = (row: Record<string, string | null>) => Object.fromEntries(query.groupBy.map((g, i) => [g, String(row[`g${i}`])]));
    const keyOf = (row: Record<string, string | null>) => query.groupBy.map((_, i) => row[`g${i}`]).join('\u0000');
    const late = new Map(lateness.map((row) => [keyOf(row), row]));
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
        const workingDays = (value: string | null | undefined) => (value === null || value === undefined ? null : Number(value));
        const lateRow = late.get(keyOf(row));
        return {
          group: groupOf(row),
          due,
          onTime,
          shareOnTime: due > 0 ? onTime / due : null,
          lateness: { medianWorkingDays: workingDays(lateRow?.median_late), p90WorkingDays: workingDays(lateRow?.p90_late) },
          escalations: (raised.get(keyOf(row)) ?? Object.fromEntries(LEVELS.map((l) => [l, 0]))) as StepFigures['escalations'],
          declined: Number(row.declined),
          didNotAttend: Number(row.did_not_attend),
          suppressed: false,
        };
      }),
    };
  }
}

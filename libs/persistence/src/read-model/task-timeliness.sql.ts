/**
 * The domain's definition of due, on time and late (libs/domain/src/pathway/timeliness.ts) as
 * SQL over a row of `tasks`, for every report that counts tasks: the live handover-step report
 * and the summary that folds settled pathways. One definition, so the two cannot count the same
 * task differently; the spec beside this runs it in PostgreSQL against the domain's functions.
 */

/** The London day of an instant. */
const londonDaySql = (instant: string) => `(${instant} AT TIME ZONE 'Europe/London')::date`;

export interface TaskTimelinessSql {
  /** Done, or open past the deadline. */
  due: string;
  /** Done by the deadline. */
  onTime: string;
  /** Due and not on time. */
  late: string;
  /**
   * A late task's working days late, null for the others, from `working_days` (each day's count
   * of working days up to it): looked up only for the late ones, as the day conversions are the costly part.
   */
  workingDaysLate: string;
}

/** The definition over the task row `t` (an alias), at `now` (an SQL instant: the statement's time by default). */
export function taskTimelinessSql(t: string, now = 'now()'): TaskTimelinessSql {
  const done = `${t}.state = 'done'`;
  const due = `(${done} OR (${t}.state = 'open' AND ${t}.due_at < ${now}))`;
  const onTime = `(${done} AND ${t}.completed_at <= ${t}.due_at)`;
  const late = `(${due} AND NOT ${onTime})`;
  const ended = `CASE WHEN ${done} THEN ${t}.completed_at ELSE ${now} END`;
  const workingDaysLate = `CASE WHEN ${late} THEN (SELECT ended.ordinal - deadline.ordinal FROM working_days deadline, working_days ended
     WHERE deadline.day = ${londonDaySql(`${t}.due_at`)} AND ended.day = ${londonDaySql(ended)}) END`;
  return { due, onTime, late, workingDaysLate };
}

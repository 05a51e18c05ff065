import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { loadConfig } from '@throughcare/config';
import { addDays, COMPILED_CALENDAR, isWorkingDay, LocalDate, TimedTask, timelinessOf, workingDaysLate } from '@throughcare/domain';
import { taskTimelinessSql } from './task-timeliness.sql';

/** Wednesday 6 January 2027, midday: "now" for every case. */
const NOW = new Date('2027-01-06T12:00:00Z');
const at = (iso: string) => new Date(iso);

/** Each case with the answer a person would give, so the test holds the domain to it too. */
const CASES: Array<[string, TimedTask, { timeliness: string; workingDaysLate?: number }]> = [
  ['open, its deadline to come', { state: 'open', dueAt: at('2027-01-08T17:00:00Z') }, { timeliness: 'not-due' }],
  ['open past its deadline since yesterday', { state: 'open', dueAt: at('2027-01-05T17:00:00Z') }, { timeliness: 'late', workingDaysLate: 1 }],
  // Due Friday 18 December 2026: 21–24 and 29–31 December and 4–6 January are working days; Christmas, the Boxing Day substitute (28th) and New Year's Day are not.
  ['open past its deadline over Christmas', { state: 'open', dueAt: at('2026-12-18T17:00:00Z') }, { timeliness: 'late', workingDaysLate: 10 }],
  ['done before its deadline', { state: 'done', dueAt: at('2027-01-05T17:00:00Z'), completedAt: at('2027-01-04T09:00:00Z') }, { timeliness: 'on-time' }],
  ['done at its deadline to the second', { state: 'done', dueAt: at('2027-01-05T17:00:00Z'), completedAt: at('2027-01-05T17:00:00Z') }, { timeliness: 'on-time' }],
  ['done a few hours late on its day', { state: 'done', dueAt: at('2027-01-05T17:00:00Z'), completedAt: at('2027-01-05T21:00:00Z') }, { timeliness: 'late', workingDaysLate: 0 }],
  ['done after Christmas, due on Christmas Eve', { state: 'done', dueAt: at('2026-12-24T17:00:00Z'), completedAt: at('2026-12-29T10:00:00Z') }, { timeliness: 'late', workingDaysLate: 1 }],
  // 23:30 on 30 June in UTC is 00:30 on 1 July in London: the same London day as when it was done.
  ['done late on its London day, in summer time', { state: 'done', dueAt: at('2026-06-30T23:30:00Z'), completedAt: at('2026-07-01T10:00:00Z') }, { timeliness: 'late', workingDaysLate: 0 }],
  ['cancelled past its deadline', { state: 'cancelled', dueAt: at('2027-01-04T17:00:00Z') }, { timeliness: 'not-due' }],
  ['cancelled before its deadline', { state: 'cancelled', dueAt: at('2027-01-08T17:00:00Z') }, { timeliness: 'not-due' }],
];

/** Every .ts file under a folder, specs left out. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sources(file);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [file] : [];
  });
}

describe('due, on time and late: the reports’ SQL and the domain agree', () => {
  let db: Client;

  beforeAll(async () => {
    db = new Client({ connectionString: loadConfig().DATABASE_URL });
    await db.connect();
    // Temporary tables of the same names stand in for the read model's, so the SQL runs as the reports run it.
    await db.query(`CREATE TEMPORARY TABLE working_days (day date PRIMARY KEY, ordinal int NOT NULL)`);
    const days: LocalDate[] = [];
    for (let day = '2026-06-01'; day <= '2027-01-31'; day = addDays(day, 1)) days.push(day);
    let ordinal = 0;
    const ordinals = days.map((day) => (isWorkingDay(day, COMPILED_CALENDAR) ? ++ordinal : ordinal));
    await db.query(`INSERT INTO pg_temp.working_days SELECT * FROM unnest($1::date[], $2::int[])`, [days, ordinals]);
    await db.query(`CREATE TEMPORARY TABLE tasks (name text, state text, due_at timestamptz, completed_at timestamptz)`);
    for (const [name, task] of CASES) {
      await db.query(`INSERT INTO pg_temp.tasks VALUES ($1, $2, $3, $4)`, [name, task.state, task.dueAt, task.state === 'done' ? task.completedAt : null]);
    }
  });
  afterAll(() => db?.end());

  it.each(CASES)('counts a task %s as a person would, in SQL and in the domain alike', async (name, task, expected) => {
    const sql = taskTimelinessSql('t', '$2::timestamptz');
    const { rows } = await db.query<{ due: boolean; on_time: boolean; late: boolean; working_days_late: number | null }>(
      `SELECT ${sql.due} AS due, coalesce(${sql.onTime}, false) AS on_time, coalesce(${sql.late}, false) AS late, ${sql.workingDaysLate} AS working_days_late
         FROM pg_temp.tasks t WHERE t.name = $1`,
      [name, NOW],
    );
    const inSql = { timeliness: rows[0].on_time ? 'on-time' : rows[0].late ? 'late' : 'not-due', workingDaysLate: rows[0].working_days_late ?? undefined };
    expect({ due: rows[0].due }).toEqual({ due: expected.timeliness !== 'not-due' });
    expect(inSql).toEqual(expected);
    expect({ timeliness: timelinessOf(task, NOW), workingDaysLate: workingDaysLate(task, NOW, COMPILED_CALENDAR) }).toEqual(expected);
  });

  it('is the only definition of on time in the apps: no report writes its own', () => {
    // The live report and the summary of settled pathways once each wrote theirs, and differed on open tasks.
    const apps = path.resolve(__dirname, '../../../../apps');
    const own = sources(apps).filter((file) => /completed_at\s*(<=|<|>|>=)\s*\w+\.due_at|due_at\s*(<|>=)\s*now\(\)/.test(readFileSync(file, 'utf8')));
    expect(own.map((file) => path.relative(apps, file))).toEqual([]);
  });
});

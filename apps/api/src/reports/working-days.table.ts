/**
 * Keeps `working_days` in step with the domain's calendar: each day with the number of
 * working days up to and including it, so SQL measures lateness in working days by one
 * subtraction. Written at start-up only when it differs (a new install, or a bank-holiday
 * refresh), so several API instances starting together just write the same rows.
 */
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { addDays, COMPILED_CALENDAR, isWorkingDay } from '@throughcare/domain';
import { DataSource } from 'typeorm';

/** Tasks are due within a few years of today; the table covers well beyond either side. */
const FIRST_DAY = '2015-01-01';
const LAST_DAY = '2045-12-31';

export function workingDayOrdinals(first = FIRST_DAY, last = LAST_DAY): { days: string[]; ordinals: number[]; working: boolean[] } {
  const days: string[] = [];
  const ordinals: number[] = [];
  const working: boolean[] = [];
  let ordinal = 0;
  for (let day = first; day <= last; day = addDays(day, 1)) {
    const isWorking = isWorkingDay(day, COMPILED_CALENDAR);
    if (isWorking) ordinal += 1;
    days.push(day);
    ordinals.push(ordinal);
    working.push(isWorking);
  }
  return { days, ordinals, working };
}

@Injectable()
export class WorkingDaysTable implements OnApplicationBootstrap {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.sync();
  }

  /** Rewrites the table when its rows differ from the calendar; returns whether it did. */
  async sync(): Promise<boolean> {
    const { days, ordinals, working } = workingDayOrdinals();
    const [stored] = (await this.dataSource.query(`SELECT count(*)::int AS n, coalesce(sum(ordinal), 0)::bigint AS total, count(*) FILTER (WHERE working)::int AS w FROM working_days`)) as Array<{
      n: number;
      total: string;
      w: number;
    }>;
    const total = ordinals.reduce((a, b) => a + b, 0);
    if (stored.n === days.length && Number(stored.total) === total && stored.w === working.filter(Boolean).length) return false;
    await this.dataSource.query(
      `INSERT INTO working_days (day, ordinal, working)
       SELECT * FROM unnest($1::date[], $2::int[], $3::boolean[])
       ON CONFLICT (day) DO UPDATE SET ordinal = EXCLUDED.ordinal, working = EXCLUDED.working
       WHERE (working_days.ordinal, working_days.working) IS DISTINCT FROM (EXCLUDED.ordinal, EXCLUDED.working)`,
      [days, ordinals, working],
    );
    return true;
  }
}

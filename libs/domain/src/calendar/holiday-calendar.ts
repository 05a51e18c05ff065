/**
 * The bank holidays a pathway plans with, pinned in its input as its policy version is.
 * The compiled list (england-and-wales-bank-holidays.json, refreshed by `npm run
 * holidays:refresh`) is read only where a calendar is built: the API pins the years a
 * pathway can need when it starts the workflow, and the workflow plans with that pinned copy
 * only, so a refresh changes new pathways and never a running one's past (on replay too).
 * Years outside the pinned span fall back to the standard pattern, which is code: changing
 * it is a workflow change like any other.
 */
import { bankHolidaysIn, standardBankHolidays } from './bank-holidays';
import type { LocalDate } from './local-date';
import published from './england-and-wales-bank-holidays.json';

export interface HolidayCalendar {
  /** Which list it was taken from: the division and the day the list was retrieved. */
  id: string;
  /** The first and last years the list covers. */
  fromYear: number;
  toYear: number;
  /** Every bank holiday in those years. */
  holidays: LocalDate[];
}

/** Years before registration and after it the pinned calendar covers: release dates reach three years ahead, the outcome a few weeks more. */
const YEARS_BEFORE = 1;
const YEARS_AFTER = 5;

/** The compiled list's id: the list changes with a refresh, the id with it. */
export const COMPILED_CALENDAR_ID = `${published.division}@${published.retrieved}`;

/** Pins the compiled holidays of the years a pathway registered on `registeredOn` can plan with. */
export function pinHolidayCalendar(registeredOn: LocalDate): HolidayCalendar {
  const year = Number(registeredOn.slice(0, 4));
  const fromYear = year - YEARS_BEFORE;
  const toYear = year + YEARS_AFTER;
  const holidays: LocalDate[] = [];
  for (let y = fromYear; y <= toYear; y++) holidays.push(...bankHolidaysIn(y).map((h) => h.date));
  return { id: COMPILED_CALENDAR_ID, fromYear, toYear, holidays };
}

/**
 * The compiled list as a calendar (its published years, the standard pattern outside them), for
 * what counts working days outside a workflow: the reports, a policy's trial, tests. Passed by
 * name, so nothing falls back to it unseen.
 */
export const COMPILED_CALENDAR: HolidayCalendar = compiledCalendar();

function compiledCalendar(): HolidayCalendar {
  const years = published.events.map((e) => Number(e.date.slice(0, 4)));
  const fromYear = Math.min(...years);
  const toYear = Math.max(...years);
  const holidays: LocalDate[] = [];
  for (let y = fromYear; y <= toYear; y++) holidays.push(...bankHolidaysIn(y).map((h) => h.date));
  return { id: COMPILED_CALENDAR_ID, fromYear, toYear, holidays };
}

const sets = new WeakMap<HolidayCalendar, ReadonlySet<LocalDate>>();
const standard = new Map<number, ReadonlySet<LocalDate>>();

/** Whether a date is a bank holiday by this calendar (the standard pattern outside its years). */
export function isBankHoliday(date: LocalDate, calendar: HolidayCalendar): boolean {
  const year = Number(date.slice(0, 4));
  if (year < calendar.fromYear || year > calendar.toYear) {
    let days = standard.get(year);
    if (!days) standard.set(year, (days = new Set(standardBankHolidays(year).map((h) => h.date))));
    return days.has(date);
  }
  let days = sets.get(calendar);
  if (!days) sets.set(calendar, (days = new Set(calendar.holidays)));
  return days.has(date);
}

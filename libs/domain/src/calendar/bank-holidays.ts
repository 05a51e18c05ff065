/**
 * England and Wales bank holidays: the published GOV.UK list shipped as data, and the
 * standard pattern computed for years beyond it (marked provisional, since one-off
 * holidays are only ever announced).
 */
import published from './england-and-wales-bank-holidays.json';
import { addDays, dayOfWeek, LocalDate } from './local-date';

export interface BankHoliday {
  date: LocalDate;
  title: string;
  /** Computed from the standard pattern, not yet in the published list. */
  provisional: boolean;
}

const publishedHolidays: BankHoliday[] = published.events.map((e) => ({ date: e.date, title: e.title, provisional: false }));
const publishedYears = new Set(publishedHolidays.map((h) => Number(h.date.slice(0, 4))));

/** Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): LocalDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${pad(month)}-${pad(day)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function firstMonday(year: number, month: number): LocalDate {
  let date = `${year}-${pad(month)}-01`;
  while (dayOfWeek(date) !== 1) date = addDays(date, 1);
  return date;
}

function lastMonday(year: number, month: number): LocalDate {
  let date = addDays(month === 12 ? `${year + 1}-01-01` : `${year}-${pad(month + 1)}-01`, -1);
  while (dayOfWeek(date) !== 1) date = addDays(date, -1);
  return date;
}

/** The standard England and Wales pattern, with substitute days for weekend holidays. */
export function standardBankHolidays(year: number): BankHoliday[] {
  const easter = easterSunday(year);
  const holidays: Array<[LocalDate, string]> = [
    [nextWeekday(`${year}-01-01`), "New Year's Day"],
    [addDays(easter, -2), 'Good Friday'],
    [addDays(easter, 1), 'Easter Monday'],
    [firstMonday(year, 5), 'Early May bank holiday'],
    [lastMonday(year, 5), 'Spring bank holiday'],
    [lastMonday(year, 8), 'Summer bank holiday'],
  ];
  // Christmas and Boxing Day: a weekend day moves to the next weekday not already taken.
  const christmas = `${year}-12-25`;
  const boxing = `${year}-12-26`;
  const christmasObserved = nextWeekday(christmas);
  let boxingObserved = nextWeekday(boxing);
  if (boxingObserved === christmasObserved) boxingObserved = nextWeekday(addDays(boxingObserved, 1));
  holidays.push([christmasObserved, 'Christmas Day'], [boxingObserved, 'Boxing Day']);
  return holidays.map(([date, title]) => ({ date, title, provisional: true }));
}

function nextWeekday(date: LocalDate): LocalDate {
  let d = date;
  while (dayOfWeek(d) >= 6) d = addDays(d, 1);
  return d;
}

const byYear = new Map<number, BankHoliday[]>();

export function bankHolidaysIn(year: number): BankHoliday[] {
  let holidays = byYear.get(year);
  if (!holidays) {
    holidays = publishedYears.has(year)
      ? publishedHolidays.filter((h) => h.date.startsWith(`${year}-`))
      : standardBankHolidays(year);
    byYear.set(year, holidays);
  }
  return holidays;
}

export function bankHoliday(date: LocalDate): BankHoliday | undefined {
  return bankHolidaysIn(Number(date.slice(0, 4))).find((h) => h.date === date);
}

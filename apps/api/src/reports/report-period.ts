/** A report's period as dates: whole calendar months of the day of release, in Europe/London. */
import { londonDateOf } from '@throughcare/domain';
import { validationError } from '@throughcare/problem';

export interface Period {
  from: string;
  to: string;
  /** The first day of `from`. */
  firstDay: string;
  /** The day after the last day of `to`. */
  untilDay: string;
}

/** Reports span at most ten years: enough for any trend, and a bound on the work a request asks for. */
const MAX_MONTHS = 120;

function monthIndex(month: string): number {
  const [y, m] = month.split('-').map(Number);
  return y * 12 + (m - 1);
}

function monthOf(index: number): string {
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export function periodOf(query: { from?: string; to?: string }, now = new Date()): Period {
  const to = query.to ?? londonDateOf(now).slice(0, 7);
  const from = query.from ?? monthOf(monthIndex(to) - 11);
  const span = monthIndex(to) - monthIndex(from) + 1;
  if (span < 1) throw validationError([{ field: 'from', messages: ['must not be after to'] }]);
  if (span > MAX_MONTHS) throw validationError([{ field: 'from', messages: [`the period must be at most ${MAX_MONTHS} months`] }]);
  return { from, to, firstDay: `${from}-01`, untilDay: `${monthOf(monthIndex(to) + 1)}-01` };
}

/** The day half way through a period: a report splits its work there, to read the halves side by side. */
export function midDayOf(period: Period): string {
  return new Date((Date.parse(period.firstDay) + Date.parse(period.untilDay)) / 2).toISOString().slice(0, 10);
}

/**
 * Instants in words, in Europe/London, as GOV.UK content style writes them: "10:30am", "5pm",
 * "Friday 8 January 2027". The pages and the person's texts share them.
 */
import { LONDON } from './local-date';

/** 5pm, 9:30am */
export function timeInWords(instant: Date): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: LONDON, hour: 'numeric', minute: '2-digit', hour12: true }).formatToParts(instant);
  const hour = parts.find((p) => p.type === 'hour')!.value;
  const minute = parts.find((p) => p.type === 'minute')!.value;
  const period = parts.find((p) => p.type === 'dayPeriod')!.value.toLowerCase().replace(/\./g, '').replace(/\s/g, '');
  return `${hour}${minute === '00' ? '' : `:${minute}`}${period}`;
}

/** Friday 12 March 2027, from a calendar date or an instant */
export function dayInWords(date: string | Date): string {
  // A calendar date is that day; an instant (a timestamp) is its day in London.
  const instant = typeof date !== 'string' ? date : date.length > 10 ? new Date(date) : new Date(`${date}T12:00:00Z`);
  return new Intl.DateTimeFormat('en-GB', { timeZone: LONDON, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(instant).replace(',', '');
}

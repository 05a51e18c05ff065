/**
 * When each text about the first appointment is due: the booking text at once, the policy's
 * reminders before the appointment, the missed-appointment text at once; none in the quiet
 * hours (by default 20:00 to 08:00 London). A text that would fall there is sent at the
 * morning edge if that is still early enough, else at the evening edge before it, else
 * dropped as too late to matter. Pure, so the workflow plans with it and it is tested alone.
 */
import { addDays, londonDateOf, londonInstant, londonTimeOf } from '../calendar';
import type { HolidayCalendar } from '../calendar';
import { addDuration, parseOffset, shiftInstant } from '../policy/offset';
import type { TextPolicy, TextReminderRule } from './text-policy';

export const TEXT_KINDS = ['booked', 'reminder', 'missed'] as const;
export type TextKind = (typeof TEXT_KINDS)[number];

export interface PlannedText {
  kind: TextKind;
  dueAt: Date;
}

/** Reminders use calendar days only; working days never apply, so no holidays are needed. */
const NO_HOLIDAYS: HolidayCalendar = { id: 'none', fromYear: 0, toYear: 0, holidays: [] };

/** Whether London's wall clock at this instant is inside the quiet hours (the edges themselves are not). */
export function inQuietHours(at: Date, quiet: TextPolicy['quietHours']): boolean {
  if (!quiet) return false;
  const time = londonTimeOf(at).slice(0, 8);
  const from = `${quiet.from}:00`;
  const to = `${quiet.to}:00`;
  return from > to ? time > from || time < to : time > from && time < to;
}

/** The morning edge after a quiet instant, and the evening edge before it. */
function quietEdges(at: Date, quiet: NonNullable<TextPolicy['quietHours']>): { morning: Date; evening: Date } {
  const day = londonDateOf(at);
  const evening = londonTimeOf(at).slice(0, 5) >= quiet.from ? day : addDays(day, -1);
  return { evening: londonInstant(evening, quiet.from), morning: londonInstant(addDays(evening, 1), quiet.to) };
}

/**
 * When a text wanted at `wanted` goes: then, or at an edge of the quiet hours; undefined when
 * neither edge will do. `latest`: the last useful moment (the appointment less the policy's
 * minimum lead), none for a text not tied to one; `earliest`: not before this (when it was planned).
 */
export function textTime(wanted: Date, policy: TextPolicy, earliest: Date, latest?: Date): Date | undefined {
  let at = wanted;
  if (inQuietHours(at, policy.quietHours)) {
    const { morning, evening } = quietEdges(at, policy.quietHours!);
    at = !latest || morning <= latest ? morning : evening;
  }
  return at < earliest ? undefined : at;
}

function reminderWanted(appointmentAt: Date, rule: TextReminderRule): Date {
  const parsed = parseOffset(rule.offset);
  if (parsed.kind === 'duration') return addDuration(appointmentAt, parsed);
  const day = londonDateOf(shiftInstant(appointmentAt, rule.offset, NO_HOLIDAYS));
  return londonInstant(day, rule.at ?? londonTimeOf(appointmentAt));
}

/**
 * The texts a booking (or a move to a new time) plans, at `now`: the booking text, then each
 * reminder still to come before the appointment, in time order, none twice at one moment.
 * A reminder due before the booking text (a booking 30 minutes before) is dropped.
 */
export function appointmentTexts(appointmentAt: Date, now: Date, policy: TextPolicy): PlannedText[] {
  const latest = shiftInstant(appointmentAt, `-${policy.minimumLead}`, NO_HOLIDAYS);
  const texts: PlannedText[] = [];
  const booked = textTime(now, policy, now, appointmentAt);
  if (booked) texts.push({ kind: 'booked', dueAt: booked });
  const reminders = policy.reminders
    .map((rule) => textTime(reminderWanted(appointmentAt, rule), policy, now, latest))
    .filter((at): at is Date => at !== undefined && at < appointmentAt && (!booked || at > booked))
    .sort((a, b) => a.getTime() - b.getTime());
  for (const at of reminders) {
    if (!texts.some((t) => t.dueAt.getTime() === at.getTime())) texts.push({ kind: 'reminder', dueAt: at });
  }
  return texts;
}

/**
 * Whether an appointment is still far enough ahead to text about: not yet past its time less
 * the policy's minimum lead. A booking recorded later than that (a service recording it late, to
 * record attendance) would text "you have an appointment" about one already held or about to be.
 */
export function stillAheadToText(appointmentAt: Date, now: Date, policy: TextPolicy): boolean {
  return now < latestToText(appointmentAt, policy);
}

function latestToText(appointmentAt: Date, policy: TextPolicy): Date {
  return shiftInstant(appointmentAt, `-${policy.minimumLead}`, NO_HOLIDAYS);
}

/**
 * The texts a booking (or a move to a new time or place) plans, as `appointmentTexts` does,
 * except that none is planned for an appointment past or within the minimum lead, and the
 * booking text too must go before that lead (patch `texts-timely`).
 */
export function timelyAppointmentTexts(appointmentAt: Date, now: Date, policy: TextPolicy): PlannedText[] {
  if (!stillAheadToText(appointmentAt, now, policy)) return [];
  const latest = latestToText(appointmentAt, policy);
  return appointmentTexts(appointmentAt, now, policy).filter((t) => t.kind !== 'booked' || t.dueAt <= latest);
}

/**
 * What to do with a text whose time has come, at `now` (which a worker outage or a backlog may
 * have put hours late): send it now; wait, when now is in the quiet hours, to the morning edge
 * if that is still useful; or not send it, as too late, when the appointment it is about is past
 * its minimum lead (or will be by the morning). `appointmentAt`: none for a missed-appointment text.
 */
export function textAtSendTime(now: Date, policy: TextPolicy, appointmentAt?: Date): { send: true } | { waitUntil: Date } | { tooLate: true } {
  const latest = appointmentAt && latestToText(appointmentAt, policy);
  if (latest && now >= latest) return { tooLate: true };
  if (!inQuietHours(now, policy.quietHours)) return { send: true };
  const { morning } = quietEdges(now, policy.quietHours!);
  return latest && morning > latest ? { tooLate: true } : { waitUntil: morning };
}

/** The text after a recorded missed appointment: at once, or at the morning edge of the quiet hours. */
export function missedText(now: Date, policy: TextPolicy): PlannedText {
  return { kind: 'missed', dueAt: textTime(now, policy, now)! };
}

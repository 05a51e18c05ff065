/**
 * The words of the person's texts. Each kind is one GOV.UK Notify template (its id a
 * NOTIFY_TEMPLATE_ID_SMS_… setting); the bodies below are what those templates hold, so a test
 * renders every one. Phones are shared and seized: no text may say what the appointment is
 * for, so none names drugs, alcohol, treatment, prison, probation or medication, and a text
 * whose service name or place would is not sent at all.
 */
import { dayInWords, timeInWords } from '../calendar/in-words';
import type { TextKind } from './text-schedule';

/** The Notify templates' bodies, with Notify's ((placeholders)). */
export const TEXT_TEMPLATES: Record<TextKind, string> = {
  booked: 'You have an appointment with ((service)) on ((day)) at ((time)). ((place)) If you cannot go, call ((phone)).',
  reminder: 'Reminder: your appointment with ((service)) is on ((day)) at ((time)). ((place)) If you cannot go, call ((phone)).',
  missed: '((service)) missed you at your appointment. You can still come. Call ((phone)) to arrange a new time.',
};

/** Where the appointment is, as the text says it. */
export type TextPlace = { channel: 'in-person'; name: string; address: string } | { channel: 'telephone' } | { channel: 'video' };

export interface TextFacts {
  /** The service's name to show to people. */
  service: string;
  phone: string;
  appointmentAt?: Date;
  place?: TextPlace;
}

export function placeInWords(place: TextPlace | undefined): string {
  if (!place || place.channel === 'telephone') return 'They will phone you.';
  if (place.channel === 'video') return 'It is a video call: they will send you the link.';
  return `Go to ${place.name}, ${place.address}.`;
}

/** The personalisation Notify fills the kind's template with. */
export function textPersonalisation(kind: TextKind, facts: TextFacts): Record<string, string> {
  if (kind === 'missed') return { service: facts.service, phone: facts.phone };
  if (!facts.appointmentAt) throw new RangeError(`A ${kind} text needs the appointment's time`);
  return { service: facts.service, phone: facts.phone, day: dayInWords(facts.appointmentAt), time: timeInWords(facts.appointmentAt), place: placeInWords(facts.place) };
}

/** A template's body with its placeholders filled, as the person reads it. */
export function renderText(kind: TextKind, personalisation: Record<string, string>): string {
  return TEXT_TEMPLATES[kind].replace(/\(\(([a-z]+)\)\)/g, (_, name: string) => personalisation[name] ?? '');
}

/**
 * Words that would tell whoever holds the phone what the appointment is for. Matched as the
 * start of a word, so "drug" catches "drugs", "treatment" catches "treatments".
 */
export const WORDS_NO_TEXT_MAY_HOLD = [
  'drug', 'alcohol', 'drink', 'treatment', 'recovery', 'addiction', 'substance', 'opioid', 'opiate', 'heroin', 'methadone',
  'buprenorphine', 'naloxone', 'prison', 'jail', 'custody', 'release', 'probation', 'offender', 'medication', 'medicine',
  'prescription', 'dose', 'rehab', 'detox', 'clinic',
] as const;

/** The first such word a text holds, if any. */
export function revealingWord(text: string): string | undefined {
  const lower = text.toLowerCase();
  return WORDS_NO_TEXT_MAY_HOLD.find((word) => new RegExp(`\\b${word}`).test(lower));
}

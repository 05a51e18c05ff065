/**
 * The facts a clinician needs on the pathway page, from what the API returned: where the
 * person goes, their treatment (only when the API shows it: `treatment` is null for a view
 * that may not see it), and the booked first appointment. Pure, so it is tested alone.
 */
import { SUBSTANCE_LABELS } from '../common/labels';
import { instantInWords } from '../common/view-filters';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface Appointment {
  /** "10:30am on Friday 8 January 2027" */
  when: string;
  /** The service's code (the template names it). */
  service: string;
  /** attended, did-not-attend, or absent while it is still to come. */
  outcome?: string;
}

export interface TreatmentFacts {
  substances: string;
  onOst: string;
  /** The OST bridge's state, when the pathway has one. */
  bridge?: string;
  consent: string;
}

const yesNo = (value: unknown): string => (value ? 'Yes' : 'No');

export function treatmentFacts(pathway: Json): TreatmentFacts | null {
  const t = pathway.treatment;
  if (!t) return null;
  const bridge = (pathway.tasks as Json[]).find((task) => task.type === 'ost-bridging');
  return {
    substances: (t.substances as string[]).map((s) => SUBSTANCE_LABELS[s] ?? s).join(', ') || 'None recorded',
    onOst: yesNo(t.onOst),
    bridge: bridge ? (bridge.state === 'done' ? 'Bridging prescription arranged' : bridge.state === 'cancelled' ? 'Bridging cancelled' : 'Bridging prescription to arrange') : undefined,
    consent: t.consentToShare ? 'Yes, with probation' : 'No',
  };
}

/**
 * The first community appointment, once booked: the latest booking's time (a re-arranged one
 * replaces it), and whether the person attended. The API sends the time to everyone who may
 * see the handover; without it there is nothing to show.
 */
export function bookedAppointment(pathway: Json): Appointment | null {
  const tasks = pathway.tasks as Json[];
  const booked = tasks
    .filter((t) => t.type === 'appointment-booking' && t.state === 'done' && typeof t.details?.appointmentAt === 'string')
    .sort((a, b) => String(b.completedAt).localeCompare(String(a.completedAt)))[0];
  if (!booked) return null;
  const attendance = tasks.filter((t) => t.type === 'first-appointment' && t.state === 'done').sort((a, b) => String(b.completedAt).localeCompare(String(a.completedAt)))[0];
  return { when: instantInWords(new Date(booked.details.appointmentAt)), service: booked.owner, outcome: attendance?.outcome ?? undefined };
}

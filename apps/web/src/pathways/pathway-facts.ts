/**
 * The facts a clinician needs on the pathway page, from what the API returned: where the
 * person goes, their treatment (only when the API shows it: `treatment` is null for a view
 * that may not see it), and the booked first appointment. Pure, so it is tested alone.
 */
import { appointmentAsItStands } from '@throughcare/domain';
import type { AppointmentPlace, TaskDetails as DomainDetails } from '@throughcare/domain';
import type { Schemas } from '../api/api-paths';
import { SUBSTANCE_LABELS } from '../common/labels';
import { dayInWords, instantInWords } from '../common/view-filters';

type Task = Pick<Schemas['TaskResponseDto'], 'type' | 'owner' | 'state' | 'outcome' | 'createdAt' | 'completedAt' | 'details'>;
/** A task's details as the API returns them: each a string or a yes or no. */
type TaskDetails = Schemas['TaskResponseDto']['details'];
/** What the facts read of a pathway as the API returns it (PathwayResponseDto). */
export interface FactsSource {
  treatment: Schemas['TreatmentViewDto'] | null;
  tasks: Task[];
}

export interface Appointment {
  /** "10:30am on Friday 8 January 2027" */
  when: string;
  /** The service's code (the template names it). */
  service: string;
  /** attended, did-not-attend, or absent while it is still to come. */
  outcome?: string;
  /** Where, in words, when the booking said: "Forward Leeds Harehills, 3 Sample Road, Leeds LS8 5ZZ", "By telephone…". */
  place?: string;
  /** When it was last re-arranged, in words, if it was. */
  rearranged?: string;
}

export interface TreatmentFacts {
  substances: string;
  onOst: string;
  /** The OST bridge's state, when the pathway has one. */
  bridge?: string;
  /** Where the bridging prescription is collected, and from when, once recorded. */
  pharmacy?: string;
  firstCollection?: string;
  consent: string;
}

/** The API documents a task's details as open values; each is a string or a yes or no, as the domain's own type says. */
const asDomainDetails = (details: TaskDetails | undefined): DomainDetails | undefined => (details ?? undefined) as DomainDetails | undefined;

const yesNo = (value: unknown): string => (value ? 'Yes' : 'No');

export function treatmentFacts(pathway: FactsSource): TreatmentFacts | null {
  const t = pathway.treatment;
  if (!t) return null;
  const bridge = pathway.tasks.find((task) => task.type === 'ost-bridging');
  return {
    substances: t.substances.map((s) => SUBSTANCE_LABELS[s] ?? s).join(', ') || 'None recorded',
    onOst: yesNo(t.onOst),
    bridge: bridge ? (bridge.state === 'done' ? 'Bridging prescription arranged' : bridge.state === 'cancelled' ? 'Bridging cancelled' : 'Bridging prescription to arrange') : undefined,
    ...pharmacyFacts(bridge?.details),
    consent: t.consentToShare ? 'Yes, with probation' : 'No',
  };
}

/**
 * The first community appointment, once booked: the latest booking's time (a re-arranged one
 * replaces it), and whether the person attended. The API sends the time to everyone who may
 * see the handover; without it there is nothing to show.
 */
export function bookedAppointment(pathway: FactsSource): Appointment | null {
  const latestFirst = (a: Task, b: Task) => String(b.completedAt).localeCompare(String(a.completedAt));
  const booked = pathway.tasks
    .map((t) => ({ task: t, at: t.details?.appointmentAt }))
    .filter((b): b is { task: Task; at: string } => b.task.type === 'appointment-booking' && b.task.state === 'done' && typeof b.at === 'string')
    .sort((a, b) => latestFirst(a.task, b.task))[0];
  if (!booked) return null;
  // As it stands: a re-arranged appointment's time and place are on its first-appointment step.
  const attendance = pathway.tasks.filter((t) => t.type === 'first-appointment').sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)))[0];
  const { at, place, rearrangedAt } = appointmentAsItStands(asDomainDetails(booked.task.details), asDomainDetails(attendance?.details));
  return {
    when: instantInWords(at ?? new Date(booked.at)),
    service: booked.task.owner,
    outcome: attendance?.state === 'done' ? (attendance.outcome ?? undefined) : undefined,
    place: placeInWords(place),
    rearranged: rearrangedAt ? instantInWords(rearrangedAt) : undefined,
  };
}

/** An appointment's place in words; undefined for a booking that did not say (before places were recorded). */
export function placeInWords(place: AppointmentPlace | undefined): string | undefined {
  switch (place?.channel) {
    case 'telephone':
      return 'By telephone: the service will phone the person';
    case 'video':
      return 'By video call';
    case 'in-person':
      return [place.name, place.address].filter(Boolean).join(', ') || undefined;
    default:
      return undefined;
  }
}

function pharmacyFacts(details: TaskDetails | undefined): Pick<TreatmentFacts, 'pharmacy' | 'firstCollection'> {
  if (typeof details?.pharmacyName !== 'string') return {};
  return {
    pharmacy: `${details.pharmacyName}, ${details.pharmacyAddress}`,
    firstCollection: typeof details.firstCollectionOn === 'string' ? dayInWords(details.firstCollectionOn) : undefined,
  };
}

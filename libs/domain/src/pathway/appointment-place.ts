/**
 * Where the first appointment is, and where an OST bridge's prescription is collected, as a
 * task's details carry them. Details stay flat (one value per key) so every reader of task
 * details (the workflow, the read model, the views that minimise them) keeps working; these
 * are the one writing and reading of those keys.
 */
import { isLocalDate } from '../calendar/local-date';
import type { TaskDetails } from '../policy/task-actions';
import { appointmentAtOf } from './appointment';

/** UK Core Appointment's delivery channel: how the person takes part. */
export const DELIVERY_CHANNELS = ['in-person', 'telephone', 'video'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

/** Where an appointment is: a place (in person) or by telephone or video. */
export interface AppointmentPlace {
  channel: DeliveryChannel;
  /** In person: the site's code (`main` for the service's own address), its name and address on one line. */
  site?: string;
  name?: string;
  address?: string;
}

/** The community pharmacy an OST bridge's prescription goes to, and the first day to collect it. */
export interface BridgePharmacy {
  name: string;
  address: string;
  firstCollectionOn?: string;
}

/** The detail keys of a place and of a pharmacy: the only task details these modules write. */
export const PLACE_DETAILS = ['placeChannel', 'placeSite', 'placeName', 'placeAddress'] as const;
export const PHARMACY_DETAILS = ['pharmacyName', 'pharmacyAddress', 'firstCollectionOn'] as const;

export function placeDetails(place: AppointmentPlace): TaskDetails {
  return withoutUndefined({ placeChannel: place.channel, placeSite: place.site, placeName: place.name, placeAddress: place.address });
}

export function pharmacyDetails(pharmacy: BridgePharmacy): TaskDetails {
  return withoutUndefined({ pharmacyName: pharmacy.name, pharmacyAddress: pharmacy.address, firstCollectionOn: pharmacy.firstCollectionOn });
}

/** The place in these details; undefined for a booking recorded before places were (or without one). */
export function placeOf(details: TaskDetails | null | undefined): AppointmentPlace | undefined {
  const channel = details?.placeChannel;
  if (!(DELIVERY_CHANNELS as readonly unknown[]).includes(channel)) return undefined;
  return withoutUndefined({ channel: channel as DeliveryChannel, site: text(details?.placeSite), name: text(details?.placeName), address: text(details?.placeAddress) });
}

export function pharmacyOf(details: TaskDetails | null | undefined): BridgePharmacy | undefined {
  const name = text(details?.pharmacyName);
  const address = text(details?.pharmacyAddress);
  if (!name || !address) return undefined;
  return withoutUndefined({ name, address, firstCollectionOn: text(details?.firstCollectionOn) });
}

/** The place's details of a booking, to carry onto the first-appointment step it creates. */
export function placeDetailsOf(details: TaskDetails | undefined): TaskDetails {
  return Object.fromEntries(PLACE_DETAILS.filter((key) => details?.[key] !== undefined).map((key) => [key, details![key]]));
}

/**
 * The first appointment as it stands: the time and place of the first-appointment step once it
 * has them (carried from the booking, or re-arranged: `rearrangedAt`), else the booking's. A
 * re-arranged step's place is its own, even none (a service with no profile).
 */
export function appointmentAsItStands(booking: TaskDetails | null | undefined, attendance?: TaskDetails | null): { at?: Date; place?: AppointmentPlace; rearrangedAt?: Date } {
  const at = appointmentAtOf(attendance ?? undefined) ?? appointmentAtOf(booking ?? undefined);
  const rearranged = typeof attendance?.rearrangedAt === 'string' ? new Date(attendance.rearrangedAt) : undefined;
  const place = rearranged ? placeOf(attendance) : (placeOf(attendance) ?? placeOf(booking));
  return withoutUndefined({ at, place, rearrangedAt: rearranged });
}

/** Why a place or pharmacy in these details is not one, or undefined when it is (or there is none). */
export function placeProblem(details: TaskDetails): { field: string; message: string } | undefined {
  if (details.placeChannel !== undefined && !(DELIVERY_CHANNELS as readonly unknown[]).includes(details.placeChannel)) {
    return { field: 'place.channel', message: `place.channel must be one of ${DELIVERY_CHANNELS.join(', ')}` };
  }
  if (details.placeChannel === 'in-person' && !(text(details.placeName) && text(details.placeAddress))) {
    return { field: 'place.site', message: 'An appointment in person needs the name and address of its place' };
  }
  if ((details.pharmacyName !== undefined || details.pharmacyAddress !== undefined) && !(text(details.pharmacyName) && text(details.pharmacyAddress))) {
    return { field: 'pharmacy', message: 'A pharmacy needs its name and address' };
  }
  if (details.firstCollectionOn !== undefined && !(typeof details.firstCollectionOn === 'string' && isLocalDate(details.firstCollectionOn))) {
    return { field: 'firstCollectionOn', message: 'firstCollectionOn must be a calendar date YYYY-MM-DD' };
  }
  return undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function withoutUndefined<T>(record: T): TaskDetails & T {
  return Object.fromEntries(Object.entries(record as object).filter(([, v]) => v !== undefined)) as TaskDetails & T;
}

/**
 * The first community appointment as a FHIR Appointment. Its id is the booking task's (the
 * step that recorded it); the first-appointment step, once done, says whether it was attended.
 */
import type { Appointment } from '@medplum/fhirtypes';
import { appointmentAsItStands } from '@throughcare/domain';
import type { AppointmentPlace } from '@throughcare/domain';
import type { PathwayEntity, TaskEntity } from '@throughcare/persistence';
import { RecordView, seesPerson, seesTreatment } from '@throughcare/access';
import { reference, SYSTEMS, versionMeta } from '@throughcare/fhir';

/** UK Core Appointment's extension for how the person takes part (in-person, telephone, video). */
export const DELIVERY_CHANNEL_EXTENSION = 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-DeliveryChannel';

/** The appointment's place, where one is recorded: its delivery channel, and the site (a Location by name) when in person. */
function placeOfAppointment(place: AppointmentPlace | undefined): Pick<Appointment, 'extension'> & { location?: NonNullable<Appointment['participant']>[number] } {
  if (!place) return {};
  const extension = [{ url: DELIVERY_CHANNEL_EXTENSION, valueCode: place.channel }];
  if (!place.name) return { extension };
  const display = place.address ? `${place.name}, ${place.address}` : place.name;
  return { extension, location: { actor: { type: 'Location', display }, required: 'required', status: 'accepted' } };
}

/** Throughcare records when an appointment starts, not how long it is: R4 needs an end with a start, so a nominal hour. */
export const NOMINAL_LENGTH_MINUTES = 60;

export interface AppointmentRecord {
  pathway: PathwayEntity;
  /** The appointment-booking task, done, with its `appointmentAt`. */
  booking: TaskEntity;
  /** The first-appointment task, once there is one. */
  attendance: TaskEntity | null;
}

export function appointmentStatus({ pathway, attendance }: Pick<AppointmentRecord, 'pathway' | 'attendance'>): NonNullable<Appointment['status']> {
  if (attendance?.state === 'done') return attendance.outcome === 'attended' ? 'fulfilled' : 'noshow';
  return pathway.outcome === 'excluded' ? 'cancelled' : 'booked';
}

/** The Appointment's version: the later of its two steps' (both issued by the pathway's workflow). */
export function appointmentVersion({ booking, attendance }: Pick<AppointmentRecord, 'booking' | 'attendance'>): number {
  return Math.max(booking.version, attendance?.version ?? 0);
}

export function fhirAppointment(record: AppointmentRecord, view: RecordView): Appointment {
  const { pathway, booking, attendance } = record;
  // As it stands: a re-arranged appointment's time and place are its attendance step's.
  const now = appointmentAsItStands(booking.details, attendance?.details);
  const start = now.at!;
  const updated = attendance && attendance.updatedAt > booking.updatedAt ? attendance.updatedAt : booking.updatedAt;
  // The place as task details are shown: in the views that see every detail.
  const { extension, location } = seesTreatment(view) ? placeOfAppointment(now.place) : {};
  return {
    resourceType: 'Appointment',
    id: booking.id,
    meta: versionMeta(appointmentVersion(record), updated),
    ...(extension ? { extension } : {}),
    status: appointmentStatus(record),
    description: 'First community treatment appointment after release',
    start: start.toISOString(),
    end: new Date(start.getTime() + NOMINAL_LENGTH_MINUTES * 60_000).toISOString(),
    ...(booking.completedAt ? { created: booking.completedAt.toISOString() } : {}),
    basedOn: [reference('ServiceRequest', pathway.id)],
    participant: [
      ...(seesPerson(view) ? [{ actor: reference('Patient', pathway.id), required: 'required' as const, status: 'accepted' as const }] : []),
      // R4 allows no Organization as an actor: the service is named by its code, as a participant type.
      { type: [{ coding: [{ system: SYSTEMS.organisationCode, code: booking.ownerCode }], text: `Community treatment service ${booking.ownerCode}` }], required: 'required' as const, status: 'accepted' as const },
      ...(location ? [location] : []),
    ],
  };
}

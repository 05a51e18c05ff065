/**
 * The plan on paper at the gate (issue 26): the first appointment with its place, the
 * service's phone and what to bring; the OST bridge's pharmacy; naloxone; the probation office;
 * whom to phone. For the pathway's healthcare teams only (access/permissions.ts, PLAN_READERS),
 * and audited as a read of the person's record.
 */
import type { EntityManager } from 'typeorm';
import { appointmentAsItStands, pharmacyOf } from '@throughcare/domain';
import type { AuthenticatedUser } from '@throughcare/auth';
import { OrganisationEntity, PathwayEntity, TaskEntity } from '@throughcare/persistence';
import { forbidden, PLAN_READERS, recordViewFor } from '@throughcare/access';
import { addressLine, readProfiles } from '../organisations/profiles';
import type { ProfileResponseDto } from '../organisations/profile.dto';
import type { PlanContactDto, ReleasePlanDto } from './release-plan.dto';

/** The latest done task of a type (a re-arranged booking replaces the first). */
function latestDone(tasks: TaskEntity[], type: string): TaskEntity | undefined {
  return tasks.filter((t) => t.type === type && t.state === 'done').sort((a, b) => (b.completedAt?.getTime() ?? 0) - (a.completedAt?.getTime() ?? 0))[0];
}

function contact(code: string, profiles: Map<string, ProfileResponseDto>, names: Map<string, string>): PlanContactDto {
  const profile = profiles.get(code);
  if (!profile) return { name: names.get(code) ?? code, phone: null, address: null, openingHours: null };
  return { name: profile.displayName, phone: profile.phoneInWords, address: addressLine(profile.address), openingHours: profile.openingHours };
}

export async function releasePlan(db: EntityManager, user: AuthenticatedUser, pathway: PathwayEntity): Promise<ReleasePlanDto> {
  if (!PLAN_READERS.some((role) => user.roles.includes(role)) || recordViewFor(user, pathway) !== 'healthcare') {
    throw forbidden("Only the pathway's prison healthcare team or community treatment service can open the person's plan");
  }
  const tasks = await db.getRepository(TaskEntity).find({ where: { pathwayId: pathway.id } });
  const booking = latestDone(tasks, 'appointment-booking');
  const service = booking?.ownerCode ?? pathway.communityTreatmentCode;
  const codes = [service, pathway.probationCode, pathway.prisonCode];
  const [profiles, organisations] = await Promise.all([readProfiles(db, codes), db.getRepository(OrganisationEntity).findBy(codes.map((code) => ({ code })))]);
  const names = new Map(organisations.map((o) => [o.code, o.name]));
  // As it stands: a re-arranged appointment's time and place are on its first-appointment step.
  const attendance = tasks.filter((t) => t.type === 'first-appointment').sort((a, b) => b.issuedAt.getTime() - a.issuedAt.getTime())[0];
  const { at: appointmentAt, place } = appointmentAsItStands(booking?.details, attendance?.details);
  const naloxone = tasks.filter((t) => t.type === 'naloxone').sort((a, b) => b.issuedAt.getTime() - a.issuedAt.getTime())[0];
  const serviceContact = contact(service, profiles, names);
  return {
    pathwayId: pathway.id,
    givenName: pathway.person!.givenName,
    familyName: pathway.person!.familyName,
    releaseDay: pathway.releasedOn ?? pathway.releaseDay,
    firstAppointment:
      booking && appointmentAt
        ? {
            at: appointmentAt.toISOString(),
            channel: place?.channel ?? null,
            placeName: place?.name ?? null,
            placeAddress: place?.address ?? null,
            service: serviceContact,
            whatToBring: profiles.get(service)?.whatToBring ?? null,
          }
        : null,
    pharmacy: pathway.onOst ? pharmacyPlan(latestDone(tasks, 'ost-bridging')) : null,
    naloxone: naloxone ? { supplied: naloxone.state === 'done' ? naloxone.outcome === 'supplied' : null } : null,
    probation: profiles.has(pathway.probationCode) ? contact(pathway.probationCode, profiles, names) : null,
    contacts: [serviceContact, ...(profiles.has(pathway.prisonCode) ? [contact(pathway.prisonCode, profiles, names)] : [])],
  };
}

function pharmacyPlan(bridge: TaskEntity | undefined): ReleasePlanDto['pharmacy'] {
  const pharmacy = pharmacyOf(bridge?.details);
  return pharmacy ? { name: pharmacy.name, address: pharmacy.address, firstCollectionOn: pharmacy.firstCollectionOn ?? null } : null;
}

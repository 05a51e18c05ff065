/**
 * A task action's place and pharmacy, as the pathway's workflow takes them: flat task details
 * (libs/domain, appointment-place). A booking's place is resolved here, against the service's
 * public profile, so the workflow keeps what the person was told even if the profile changes.
 */
import type { EntityManager } from 'typeorm';
import { pharmacyDetails, placeDetails, setsAppointment } from '@throughcare/domain';
import type { TaskAction, TaskDetails, TaskType } from '@throughcare/domain';
import type { TaskEntity } from '@throughcare/persistence';
import { validationProblem } from '@throughcare/problem';
import { addressLine, normalisePostcode, readProfile } from '../organisations/profiles';
import type { TaskActionDto } from './task.dto';

type Queryable = Pick<EntityManager, 'query'>;

/** The details a place or pharmacy adds to this action; refuses them on any other. */
export async function placeAndPharmacy(db: Queryable, task: Pick<TaskEntity, 'type' | 'ownerCode'>, action: TaskAction, dto: TaskActionDto): Promise<TaskDetails> {
  // Booking the first appointment, or re-arranging it: a place either way.
  const booking = setsAppointment(task.type as TaskType, action);
  const bridge = task.type === 'ost-bridging' && action === 'complete';
  if (dto.place && !booking) throw only('place', 'only booking or re-arranging the first appointment takes a place');
  if (dto.pharmacy && !bridge) throw only('pharmacy', 'only recording the OST bridge takes a pharmacy');
  if (dto.firstCollectionOn && !bridge) throw only('firstCollectionOn', 'only recording the OST bridge takes a first collection day');
  if (bridge && dto.pharmacy) {
    const address = { ...dto.pharmacy.address, postcode: normalisePostcode(dto.pharmacy.address.postcode) };
    return pharmacyDetails({ name: dto.pharmacy.name.trim(), address: addressLine(address), firstCollectionOn: dto.firstCollectionOn });
  }
  if (bridge && dto.firstCollectionOn) throw only('pharmacy', 'a first collection day needs the pharmacy it is collected from');
  return booking ? bookingPlace(db, task.ownerCode, dto.place) : {};
}

async function bookingPlace(db: Queryable, service: string, place: TaskActionDto['place']): Promise<TaskDetails> {
  const channel = place?.channel ?? 'in-person';
  if (channel !== 'in-person') {
    if (place?.site !== undefined) throw only('place.site', 'a site is named only for an appointment in person');
    return placeDetails({ channel });
  }
  const profile = await readProfile(db, service);
  // A service without a profile: an appointment as before, with no place to tell.
  if (!profile) {
    if (place?.site !== undefined && place.site !== 'main') throw only('place.site', `${service} has no sites in its profile`);
    return {};
  }
  const code = place?.site ?? 'main';
  if (code === 'main') return placeDetails({ channel, site: 'main', name: profile.displayName, address: addressLine(profile.address) });
  const site = profile.sites.find((s) => s.code === code);
  if (!site) throw only('place.site', `place.site must be main or one of ${service}'s sites: ${profile.sites.map((s) => s.code).join(', ') || 'none'}`);
  return placeDetails({ channel, site: site.code, name: site.name, address: addressLine(site.address) });
}

function only(field: string, message: string) {
  return validationProblem([{ field, messages: [message] }]);
}

/**
 * The plan a person takes with them on release day (`GET /v1/pathways/{id}/plan`): facts, for
 * the page that prints them in plain words. Names as people know them, never codes.
 */
export class PlanContactDto {
  /** The name people know it by. @example Forward Leeds */
  name: string;
  /** @example 0113 496 0123 */
  phone: string | null;
  /** @example 12 Example Lane, Leeds LS2 7ZZ */
  address: string | null;
  /** @example Monday to Friday, 9am to 5pm */
  openingHours: string | null;
}

export class PlanAppointmentDto {
  /** @example 2027-03-12T10:30:00.000Z */
  at: string;
  /** How the person takes part: in-person, telephone or video; null for a booking that did not say. @example in-person */
  channel: string | null;
  /** In person: where. @example Forward Leeds Harehills */
  placeName: string | null;
  /** @example 3 Sample Road, Leeds LS8 5ZZ */
  placeAddress: string | null;
  service: PlanContactDto;
  /** @example This letter and any medicine you have been given. */
  whatToBring: string | null;
}

export class PlanPharmacyDto {
  /** @example Example Pharmacy */
  name: string;
  /** @example 1 Sample Street, Leeds LS9 9ZZ */
  address: string;
  /** @example 2027-03-12 */
  firstCollectionOn: string | null;
}

export class ReleasePlanDto {
  pathwayId: string;
  /** @example Sam */
  givenName: string;
  /** @example Example */
  familyName: string;
  /** The day the person leaves (or left). @example 2027-03-11 */
  releaseDay: string;
  /** The first appointment, once booked (the latest booking). */
  firstAppointment: PlanAppointmentDto | null;
  /** Where the bridging prescription is collected, when the person is on OST and the pharmacy is recorded. */
  pharmacy: PlanPharmacyDto | null;
  /** Whether naloxone applies to this person (opioid use), and whether it was supplied (null: not recorded yet). */
  naloxone: { supplied: boolean | null } | null;
  /** The probation office, when its profile is known. */
  probation: PlanContactDto | null;
  /** Who to phone if something goes wrong: the treatment service first. */
  contacts: PlanContactDto[];
}

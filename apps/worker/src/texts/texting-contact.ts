/**
 * The one door through which the texts' activities read the person's number: at send time,
 * so a withdrawal of consent stops every text not yet sent, and the number never enters the
 * workflow. It is the `textingContact` seam of the pathway's contact (libs/persistence,
 * contact); null when there is no number to use (none recorded, no consent, or withdrawn).
 */
export const TEXTING_CONTACT = Symbol('TEXTING_CONTACT');

export type TextingContactLookup = (pathwayId: string) => Promise<{ mobileNumber: string } | null>;


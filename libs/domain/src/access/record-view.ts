/**
 * What each view of a person's record shows (data minimisation, docs/design.md §5).
 * Which view a caller has is decided by libs/access (pathway-access.ts).
 */
import type { TaskType } from '../policy/policy';

/**
 * How much of a person's record the caller needs (docs/design.md §5):
 * - `healthcare` (the prison, the community treatment service): everything.
 * - `probation-with-consent`: everything; the person consented to share their treatment.
 * - `probation`: who the person is and the handover, but nothing that reveals their treatment.
 * - `commissioner`: the handover without who the person is, to oversee and act on escalations.
 */
export type RecordView = 'healthcare' | 'probation-with-consent' | 'probation' | 'commissioner';

/** Steps whose very existence tells that the person is on OST or uses opioids. */
export const TREATMENT_REVEALING_TASKS: readonly TaskType[] = ['ost-bridging', 'naloxone'];

export function seesTreatment(view: RecordView): boolean {
  return view === 'healthcare' || view === 'probation-with-consent';
}

/**
 * The person's mobile number and consent to texts: the pathway's healthcare teams only, never
 * probation (even with consent to share their treatment) or commissioners.
 */
export function seesContact(view: RecordView): boolean {
  return view === 'healthcare';
}

/** Who the person is (name, prison number): for everyone but commissioners, who oversee without needing who. */
export function seesPerson(view: RecordView): boolean {
  return view !== 'commissioner';
}

/** Whether a task of this type is shown in this view. */
export function showsTask(view: RecordView, type: string): boolean {
  return view !== 'probation' || !(TREATMENT_REVEALING_TASKS as readonly string[]).includes(type);
}

/**
 * Task details kept outside healthcare: the appointment's time and whether it was attended,
 * which the handover needs; never free text such as a decline's reason.
 */
const HANDOVER_DETAILS = ['appointmentAt', 'attended'];

export function visibleDetails<V>(view: RecordView, details: Record<string, V> | null): Record<string, V> | null {
  if (!details || seesTreatment(view)) return details;
  return Object.fromEntries(Object.entries(details).filter(([key]) => HANDOVER_DETAILS.includes(key)));
}

/**
 * Free text people wrote (why a date moved, why someone was recalled or a pathway cancelled)
 * may say anything about the person's health: outside healthcare only its absence shows.
 */
export function visibleFreeText(view: RecordView, text: string | null): string | null {
  return seesTreatment(view) ? text : null;
}

/** Timeline details without their free-text `reason` where the view may not see it. */
export function visibleEventDetails<V>(view: RecordView, details: Record<string, V>): Record<string, V> {
  if (seesTreatment(view)) return details;
  return Object.fromEntries(Object.entries(details).filter(([key]) => key !== 'reason'));
}

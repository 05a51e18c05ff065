/**
 * The one list of labels the pages give the API's codes: task types, pathway events in the
 * history, escalation levels and organisation types. Every page takes them from here, so a
 * step is called the same everywhere ("Re-referral", never "Re referral" or "re-referral").
 */

export const TASK_TYPE_LABELS: Record<string, string> = {
  assessment: 'Assessment',
  referral: 'Referral',
  'referral-acceptance': 'Referral acceptance',
  'probation-acknowledgement': 'Probation acknowledgement',
  'gp-registration': 'GP registration',
  'appointment-booking': 'Appointment booking',
  'ost-bridging': 'OST bridging',
  naloxone: 'Naloxone',
  'release-confirmation': 'Release confirmation',
  'first-appointment': 'First appointment',
  're-referral': 'Re-referral',
  're-engagement': 'Re-engagement',
};

/** What happened to the pathway, as its history lists it. */
export const EVENT_LABELS: Record<string, string> = {
  registered: 'Registered',
  'release-date-changed': 'Release date changed',
  released: 'Released',
  'returned-to-custody': 'Returned to custody',
  transferred: 'Transferred to another prison',
  cancelled: 'Pathway cancelled',
  outcome: 'Pathway closed',
  're-referred': 'Referred again',
  'referral-declined': 'Referral declined',
  'did-not-attend': 'Did not attend the first appointment',
  'appointment-rearranged': 'First appointment re-arranged',
};

export const ESCALATION_LEVEL_LABELS: Record<string, string> = {
  reminder: 'Reminder',
  L1: 'Level 1',
  L2: 'Level 2',
  L3: 'Level 3',
  notice: 'Notice',
};

export const ORGANISATION_TYPE_LABELS: Record<string, string> = {
  prison: 'Prison',
  'community-treatment': 'Community treatment',
  probation: 'Probation',
  commissioner: 'Commissioner',
  operator: 'Operator',
};

/** What a person is treated for, as the registration form names it. */
export const SUBSTANCE_LABELS: Record<string, string> = {
  opiates: 'Opiates',
  'non-opiates': 'Non-opiate drugs',
  alcohol: 'Alcohol',
};

const ALL: Record<string, string> = { ...ORGANISATION_TYPE_LABELS, ...EVENT_LABELS, ...TASK_TYPE_LABELS };

const own = (labels: Record<string, string>, code: string): string | undefined => (Object.hasOwn(labels, code) ? labels[code] : undefined);

/** A code the list does not have yet, as words: `new-step` → "New step". */
const asWords = (code: string): string => (code ? code.charAt(0).toUpperCase() + code.slice(1).replace(/-/g, ' ') : '');

/** A task type, pathway event or organisation type as its label. */
export function labelOf(code: string): string {
  return own(ALL, String(code ?? '')) ?? asWords(String(code ?? ''));
}

export function levelLabel(level: string): string {
  return own(ESCALATION_LEVEL_LABELS, String(level ?? '')) ?? asWords(String(level ?? ''));
}

/** An organisation's name from the API's list, or its code when the list lacks it (an organisation since removed). */
export function organisationName(code: string, names: Record<string, string> | undefined): string {
  const key = String(code ?? '');
  return names && Object.hasOwn(names, key) ? names[key] : key;
}

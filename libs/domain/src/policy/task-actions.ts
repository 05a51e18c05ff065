/**
 * What people can do to a task, and what each action means for the pathway. Pure, so the
 * workflow's synchronous Update validator and the API's request validation agree.
 */
import { isValidInstant } from '../calendar';
import { placeProblem } from '../pathway/appointment-place';
import { TaskType } from './policy';

export const TASK_ACTIONS = ['acknowledge', 'accept', 'decline', 'complete'] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

export type TaskDetails = Record<string, string | boolean>;

const ACTIONS_BY_TYPE: Partial<Record<TaskType, readonly TaskAction[]>> = {
  'referral-acceptance': ['accept', 'decline'],
  'probation-acknowledgement': ['acknowledge'],
};

export function allowedActions(type: TaskType): readonly TaskAction[] {
  return ACTIONS_BY_TYPE[type] ?? ['complete'];
}

/**
 * A field of an action's request body, as a client needs it to ask for the answer: `text`, a
 * `yes-no` boolean, a `date` (YYYY-MM-DD), a `date-time` (ISO 8601 with offset), a `choice`
 * of `values`, an `organisation`'s code of `organisationType`, a booking's `place` (its
 * channel and, in person, one of the service's sites) or an OST bridge's `pharmacy` (with
 * `firstCollectionOn`), or a UK `mobile` number.
 */
export interface ActionField {
  name: string;
  kind: 'text' | 'yes-no' | 'date' | 'date-time' | 'choice' | 'organisation' | 'place' | 'pharmacy' | 'mobile';
  required: boolean;
  values?: readonly string[];
  organisationType?: 'prison' | 'community-treatment';
}

/** Completions that must say yes or no: whether the person attended, whether naloxone was supplied. */
const REQUIRED_FLAG: Partial<Record<TaskType, { field: 'attended' | 'supplied'; problem: string }>> = {
  'first-appointment': { field: 'attended', problem: 'Recording the first appointment needs attended, true or false' },
  're-engagement': {
    field: 'attended',
    problem: 'Recording re-engagement needs attended, true or false: did the person attend the re-arranged appointment or start treatment',
  },
  naloxone: { field: 'supplied', problem: 'Recording naloxone needs supplied: true if supplied, false if the person declined it' },
};

/**
 * The fields an action on a task of this type takes: the same rules `detailsProblem` checks
 * (a decline's reason, the booked time, the yes-or-no of a completion), and the one optional
 * field, the service a re-referral goes to.
 */
export function actionFields(type: TaskType, action: TaskAction): ActionField[] {
  if (action === 'decline') return [{ name: 'reason', kind: 'text', required: true }];
  if (action !== 'complete') return [];
  // Where, when omitted, is the service's main site; a bridge without its pharmacy stays valid for older clients.
  if (type === 'appointment-booking') return [{ name: 'appointmentAt', kind: 'date-time', required: true }, { name: 'place', kind: 'place', required: false }];
  if (type === 'ost-bridging') return [{ name: 'pharmacy', kind: 'pharmacy', required: false }];
  if (type === 're-referral') return [{ name: 'communityTreatmentCode', kind: 'organisation', organisationType: 'community-treatment', required: false }];
  const flag = REQUIRED_FLAG[type];
  return flag ? [{ name: flag.field, kind: 'yes-no', required: true }] : [];
}

/** Which field of the request is wrong, and why: the API answers it as a field error. */
export interface DetailsProblem {
  field: string;
  message: string;
}

/** Why the details do not fit the action, or undefined when they do. */
export function detailsProblem(type: TaskType, action: TaskAction, details: TaskDetails = {}): DetailsProblem | undefined {
  if (action === 'decline' && !nonEmptyString(details.reason)) return { field: 'reason', message: 'A decline needs a reason' };
  if (type === 'appointment-booking' && action === 'complete') {
    if (typeof details.appointmentAt !== 'string' || !isValidInstant(details.appointmentAt)) {
      return { field: 'appointmentAt', message: 'Booking the first appointment needs appointmentAt, an ISO-8601 date-time with offset' };
    }
  }
  // A place goes with a booking, a pharmacy with an OST bridge; either, when given, must be whole.
  const placed = placeProblem(details);
  if (placed) return placed;
  const flag = action === 'complete' ? REQUIRED_FLAG[type] : undefined;
  if (flag && typeof details[flag.field] !== 'boolean') return { field: flag.field, message: flag.problem };
  return undefined;
}

/** The outcome an action records, which decides the steps that follow. */
export function outcomeOf(type: TaskType, action: TaskAction, details: TaskDetails = {}): string {
  switch (action) {
    case 'accept':
      return 'accepted';
    case 'decline':
      return 'declined';
    case 'acknowledge':
      return 'acknowledged';
    case 'complete':
      if (type === 'first-appointment') return details.attended ? 'attended' : 'did-not-attend';
      // Re-engagement and naloxone completions recorded before their fields existed stay
      // `completed`, so histories from then replay to the same state.
      if (type === 're-engagement' && typeof details.attended === 'boolean') return details.attended ? 'attended' : 'did-not-attend';
      if (type === 'naloxone' && typeof details.supplied === 'boolean') return details.supplied ? 'supplied' : 'declined-by-person';
      return 'completed';
  }
}

function nonEmptyString(value: unknown): boolean {
  return typeof value === 'string' && value.trim().length > 0;
}

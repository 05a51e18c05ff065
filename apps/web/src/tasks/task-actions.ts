/**
 * What a person can do to a task from the pages, by its type, as the API allows: each action
 * with its confirmation page's words and the fields it asks for. The API decides; this only
 * offers what it would take.
 */
export interface TaskAction {
  action: 'acknowledge' | 'accept' | 'decline' | 'complete';
  label: string;
  /** Fields the confirmation page asks for. */
  fields: Array<'reason' | 'appointmentAt' | 'place' | 'pharmacy' | 'attended' | 'supplied' | 'communityTreatmentCode'>;
}

const COMPLETE: TaskAction = { action: 'complete', label: 'Mark as done', fields: [] };

const BY_TYPE: Record<string, TaskAction[]> = {
  'probation-acknowledgement': [{ action: 'acknowledge', label: 'Acknowledge the plan', fields: [] }],
  'referral-acceptance': [
    { action: 'accept', label: 'Accept the referral', fields: [] },
    { action: 'decline', label: 'Decline the referral', fields: ['reason'] },
  ],
  'appointment-booking': [{ action: 'complete', label: 'Book the first appointment', fields: ['appointmentAt', 'place'] }],
  'ost-bridging': [{ action: 'complete', label: 'Record the bridging prescription', fields: ['pharmacy'] }],
  'first-appointment': [{ action: 'complete', label: 'Record attendance', fields: ['attended'] }],
  're-engagement': [{ action: 'complete', label: 'Record attendance', fields: ['attended'] }],
  naloxone: [{ action: 'complete', label: 'Record naloxone', fields: ['supplied'] }],
  're-referral': [{ action: 'complete', label: 'Refer again', fields: ['communityTreatmentCode'] }],
};

export function actionsFor(task: { type: string; state: string }): TaskAction[] {
  if (task.state !== 'open') return [];
  return BY_TYPE[task.type] ?? [COMPLETE];
}

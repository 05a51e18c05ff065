/** The CodeSystem of Throughcare's handover steps: Task.code, and the `code` search parameter. */
import type { CodeSystem } from '@medplum/fhirtypes';
import { TASK_TYPES } from '@throughcare/domain';
import type { TaskType } from '@throughcare/domain';
import { SYSTEMS } from '@throughcare/fhir';

/** What each step is, in words a case-management system can show. */
export const TASK_TYPE_DISPLAY: Record<TaskType, string> = {
  assessment: 'Assess treatment need before release',
  referral: 'Refer to the community treatment service',
  'referral-acceptance': 'Accept or decline the referral',
  'probation-acknowledgement': 'Acknowledge the release plan',
  'gp-registration': 'Register with a GP',
  'appointment-booking': 'Book the first community appointment',
  'ost-bridging': 'Bridge opioid substitution therapy over release',
  naloxone: 'Supply naloxone on release',
  'release-confirmation': 'Confirm the release',
  'first-appointment': 'Record attendance at the first appointment',
  're-referral': 'Refer again after a decline',
  're-engagement': 'Re-engage after a missed first appointment',
};

export const TASK_TYPE_CODE_SYSTEM_ID = 'task-type';

export const TASK_TYPE_CODE_SYSTEM: CodeSystem = {
  resourceType: 'CodeSystem',
  id: TASK_TYPE_CODE_SYSTEM_ID,
  url: SYSTEMS.taskType,
  version: '1',
  name: 'ThroughcareTaskType',
  title: 'Throughcare handover task types',
  status: 'active',
  experimental: false,
  publisher: 'Throughcare',
  description: 'The steps of the handover of care from prison healthcare to community treatment and probation, one per Task.',
  caseSensitive: true,
  content: 'complete',
  count: TASK_TYPES.length,
  concept: TASK_TYPES.map((code) => ({ code, display: TASK_TYPE_DISPLAY[code] })),
};

export function isTaskType(code: string): code is TaskType {
  return (TASK_TYPES as readonly string[]).includes(code);
}

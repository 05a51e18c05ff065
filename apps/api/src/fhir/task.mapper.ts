/** A handover task as a FHIR Task, minimised by the caller's view exactly as /v1's mapTask is. */
import type { Task } from '@medplum/fhirtypes';
import type { TaskType } from '@throughcare/domain';
import type { TaskEntity } from '@throughcare/persistence';
import { RecordView, seesPerson, visibleDetails, visibleFreeText } from '@throughcare/access';
import { reference, SYSTEMS, versionMeta } from '@throughcare/fhir';
import { fhirTaskStatus } from './task-status';
import { TASK_TYPE_DISPLAY } from './task-types';

/** `task.pathway` must be loaded; `requester` is the organisation code that asked for the step. */
export function fhirTask(task: TaskEntity, view: RecordView, requester: string): Task {
  const status = fhirTaskStatus(task);
  const details = visibleDetails(view, task.details);
  // Why it was declined, or cancelled: free text, so only where the view sees treatment.
  const reason = status === 'rejected' ? (typeof details?.reason === 'string' ? details.reason : null) : visibleFreeText(view, task.cancelReason);
  const updated = lastModified(task);
  return {
    resourceType: 'Task',
    id: task.id,
    meta: versionMeta(task.version, updated),
    status,
    ...(reason ? { statusReason: { text: reason } } : {}),
    ...(task.escalationLevel ? { businessStatus: { coding: [{ system: SYSTEMS.escalationLevel, code: task.escalationLevel }], text: `Escalated: ${task.escalationLevel}` } } : {}),
    intent: 'order',
    priority: task.critical ? 'urgent' : 'routine',
    code: { coding: [{ system: SYSTEMS.taskType, code: task.type, display: TASK_TYPE_DISPLAY[task.type as TaskType] ?? task.type }] },
    focus: reference('ServiceRequest', task.pathwayId),
    // Commissioners oversee without knowing who: no Patient to point at.
    ...(seesPerson(view) ? { for: reference('Patient', task.pathwayId) } : {}),
    authoredOn: task.issuedAt.toISOString(),
    lastModified: updated,
    requester: reference('Organization', requester),
    owner: reference('Organization', task.ownerCode),
    restriction: { period: { end: task.dueAt.toISOString() } },
    ...(task.completedAt ? { executionPeriod: { end: task.completedAt.toISOString() } } : {}),
    ...(bookedAppointment(task, details) ? { output: [{ type: { text: 'First appointment' }, valueReference: reference('Appointment', task.id) }] } : {}),
  };
}

/** The booking step's output is the Appointment it booked (the Appointment's id is the booking task's). */
function bookedAppointment(task: TaskEntity, details: Record<string, unknown> | null): boolean {
  return task.type === 'appointment-booking' && task.state === 'done' && typeof details?.appointmentAt === 'string';
}

/** R4's inv-1: lastModified is never before authoredOn (the workflow's clock wrote issuedAt). */
function lastModified(task: TaskEntity): string {
  return new Date(Math.max(task.updatedAt.getTime(), task.issuedAt.getTime())).toISOString();
}

/**
 * Whether an action or event may apply to the pathway as it stands: the checks behind the
 * workflow's synchronous Update validators. Each refusal is a typed rejection naming the field
 * at fault; nothing here changes the state. The rules checked are the domain's (what a task
 * allows, what its details need, the first-appointment rule, when a step may start); the
 * machine supplies the pathway's pinned policy, calendar and day of release.
 */
import {
  allowedActions,
  appointmentAtOf,
  attendanceProblem,
  DeadlineContext,
  detailsProblem,
  firstAppointmentProblem,
  FirstAppointmentContext,
  latestFirstAppointmentDate,
  londonDateOf,
  PathwayEventName,
  pathwayEventRefusal,
  setsAppointment,
  notYetStartable,
} from '@throughcare/domain';
import { reject, requirePlannableDate, requireStorableText } from './pathway.rejections';
import type { CustodyReturn, PathwayInput, PathwayState, ReleaseDateChange, ReleaseRecord, TaskActionInput, TaskView, Transfer } from './pathway.types';

/** What the task rules read from the pathway besides the task. */
export interface ActionRules {
  policy: PathwayInput['policy'];
  /** The first-appointment rule on this pathway's day of release, flags and calendar. */
  firstAppointment: FirstAppointmentContext;
  /** The deadline context of a step created at `createdAt`. */
  deadlineContext(createdAt: Date): DeadlineContext;
}

export function checkTaskAction(task: TaskView | undefined, input: TaskActionInput, now: Date, rules: ActionRules): void {
  const { taskId, action, actor, details } = input;
  if (!task) reject('TaskNotFound', `Task ${taskId} is not part of this pathway`);
  if (task.state !== 'open') reject('TaskNotOpen', `Task ${taskId} is already ${task.state}`);
  if (task.owner !== actor.org) reject('NotOwner', `Task ${taskId} belongs to ${task.owner}`);
  if (!allowedActions(task.type).includes(action)) {
    reject('ActionNotAllowed', `A ${task.type} task allows ${allowedActions(task.type).join(', ')}, not ${action}`);
  }
  requireStorableText('InvalidDetails', input);
  const problem = detailsProblem(task.type, action, details);
  if (problem) reject('InvalidDetails', problem.message, { field: problem.field, code: details?.[problem.field] === undefined ? 'required' : problem.field === 'appointmentAt' ? 'not-a-date-time' : 'wrong-type' });
  const appointmentAt = appointmentAtOf(task.details);
  const early = task.type === 'first-appointment' && action === 'complete' ? attendanceProblem(appointmentAt, now) : undefined;
  if (early) reject('InvalidDetails', early, { field: 'attended', code: 'before-appointment', appointmentAt: appointmentAt!.toISOString() });
  // A re-arranged appointment keeps to the rule the booking did.
  if (setsAppointment(task.type, action)) {
    const rule = rules.firstAppointment;
    const late = firstAppointmentProblem(appointmentAtOf(details)!, rule);
    if (late) reject('InvalidDetails', late, { field: 'appointmentAt', code: 'after-latest', latest: latestFirstAppointmentDate(rule), releaseDate: rule.releaseDate, onOst: rule.onOst });
  }
  const from = notYetStartable(rules.policy, task.type, rules.deadlineContext(new Date(task.createdAt)), now);
  if (from) reject('NotYetStartable', `A ${task.type} task can be done from ${from.toISOString()}`);
}

/** The domain's rule of which events apply to the pathway as it stands (closed; released). */
function requireApplies(event: PathwayEventName, state: PathwayState): void {
  const refusal = pathwayEventRefusal(event, { closed: state.status === 'closed', released: Boolean(state.releasedOn) });
  if (refusal === 'PathwayClosed') reject('PathwayClosed', `The pathway is closed (${state.outcome})`);
  if (refusal === 'AlreadyReleased') reject('AlreadyReleased', `The person was released on ${state.releasedOn}`);
}

export function checkReleaseDateChange(state: PathwayState, change: ReleaseDateChange, now: Date): void {
  requireApplies('release-date', state);
  requireStorableText('InvalidEvent', change);
  requirePlannableDate('releaseDate', change.releaseDate, now);
}

export function checkRelease(state: PathwayState, record: ReleaseRecord, now: Date): void {
  requireApplies('released', state);
  requireStorableText('InvalidEvent', record);
  requirePlannableDate('releasedOn', record.releasedOn, now);
  if (record.releasedOn > londonDateOf(now)) reject('InvalidEvent', `releasedOn ${record.releasedOn} is in the future`, { field: 'releasedOn', code: 'in-the-future', latest: londonDateOf(now) });
}

export function checkCustodyReturn(state: PathwayState, event: CustodyReturn, now: Date): void {
  requireApplies('returned-to-custody', state);
  requireStorableText('InvalidEvent', event);
  requirePlannableDate('on', event.on, now);
}

/** A cancellation: only its reason to check, besides the pathway being open. */
export function checkCancellation(state: PathwayState, event: object): void {
  requireApplies('cancel', state);
  requireStorableText('InvalidEvent', event);
}

export function checkTransfer(state: PathwayState, transfer: Transfer): void {
  requireApplies('transfer', state);
  requireStorableText('InvalidEvent', transfer);
  if (transfer.prisonCode === state.routing.prison) reject('InvalidEvent', `The person is already at ${transfer.prisonCode}`, { field: 'prisonCode', code: 'same-prison' });
}

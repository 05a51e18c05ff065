/**
 * The pathway's rules as a plain state machine: tasks, deadlines, the escalation ladder,
 * pathway events and the outcome. No Temporal and no clock of its own: the workflow passes
 * in the time and an id source, so this stays deterministic and unit-testable.
 */
import {
  allowedActions,
  appointmentAtOf,
  attendanceProblem,
  requesterOf,
  startableFrom,
  Audience,
  detailsProblem,
  EscalationLevel,
  firstAppointmentProblem,
  latestFirstAppointmentDate,
  levelRank,
  levelsDue,
  levelsPassedOver,
  levelsToCome,
  LocalDate,
  londonDateOf,
  needsUrgentReferral,
  ostBridgeEscalation,
  outcomeOf,
  outcomeSettlesAt,
  outcomeWindowEnd,
  adjustedFrom,
  dayT,
  planLadder,
  plannedReleaseDay,
  PlannedEscalation,
  ReleaseDateType,
  stepDueAt,
  stepPolicy,
  StepTrigger,
  stepsTriggeredBy,
  startsTreatment,
  SUPERSEDED_BY_UNPLANNED_RELEASE,
  supersededByUnplannedRelease,
  UNPLANNED_OST_REASON,
} from '@throughcare/domain';
import { PendingChanges } from './pathway.changes';
import { reject, requirePlannableDate, requireStorableText } from './pathway.rejections';
import type {
  Actor,
  Cancellation,
  CustodyReturn,
  PathwayEvent,
  PathwayEventType,
  PathwayInput,
  PathwayOutcome,
  PathwaySnapshot,
  PathwayState,
  PathwayView,
  ReleaseDateChange,
  ReleaseRecord,
  TaskActionInput,
  TaskActionResult,
  TaskView,
  Transfer,
} from './pathway.types';

/** The workflow sandbox has no structuredClone; the state is plain JSON. */
function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** When a task's appointment is or was, if it has one. */
function appointmentOf(task: TaskView): Date | undefined {
  return appointmentAtOf(task.details);
}

export class PathwayMachine {
  private readonly state: PathwayState;
  private readonly registeredAt: Date;
  private readonly input: PathwayInput;
  /**
   * The correlation id of the change being applied: bound by each public method for its own
   * synchronous run (`within`), never left set between calls, so one request's changes are
   * never recorded under another's id and a timer's under none.
   */
  private cause?: string;
  /** What the read model is owed, each change under its cause. */
  private readonly pending = new PendingChanges();
  /** Planned ladders by what they depend on: planning one is calendar work, asked for on every wake. */
  private readonly ladders = new Map<string, PlannedEscalation[]>();

  constructor(
    input: PathwayInput,
    private readonly newId: () => string,
  ) {
    this.input = input;
    this.registeredAt = new Date(input.registeredAt);
    if (input.carried) {
      this.state = input.carried;
    } else {
      this.state = {
        status: 'active',
        releaseDate: input.releaseDate,
        releaseDateType: input.releaseDateType,
        // Settled by register(), which knows the day the rule is applied on.
        expectedReleaseDate: input.releaseDate,
        routing: { ...input.routing },
        tasks: [],
        version: 0,
      };
    }
  }

  get closed(): boolean {
    return this.state.status === 'closed';
  }

  view(): PathwayView {
    return { pathwayId: this.input.pathwayId, ...this.state };
  }

  /** The state to carry into a continued run. */
  carry(): PathwayState {
    return clone(this.state);
  }

  /** Applies a change on behalf of one request (or of none: a timer), recording each thing changed under it. */
  private within<T>(cause: string | undefined, apply: () => T): T {
    this.cause = cause;
    try {
      return apply();
    } finally {
      this.cause = undefined;
    }
  }

  register(now: Date): void {
    this.within(this.input.correlationId, () => this.applyRegistration(now));
  }

  private applyRegistration(now: Date): void {
    Object.assign(this.state, this.releaseDay(this.input.releaseDate, this.input.releaseDateType, now));
    this.createSteps({ on: 'registration' }, now);
    this.event('registered', now, undefined, {
      expectedReleaseDate: this.state.expectedReleaseDate,
      releaseDateAdjustedFrom: this.state.releaseDateAdjustedFrom ?? null,
      policy: `${this.input.policy.id}@${this.input.policy.version}`,
    });
  }

  /** The expected day of release from a date the prison gives, on today's London date (the domain's ReleaseDay). */
  private releaseDay(releaseDate: LocalDate, type: ReleaseDateType, now: Date) {
    const day = plannedReleaseDay(releaseDate, type, londonDateOf(now), this.input.calendar);
    return { expectedReleaseDate: day.expected, releaseDateAdjustedFrom: adjustedFrom(day), adjustmentReason: day.adjustmentReason };
  }

  /** T, the release day that counts (the domain's rule). */
  private get t(): LocalDate {
    return dayT({ expected: this.state.expectedReleaseDate, actual: this.state.releasedOn });
  }

  private task(id: string): TaskView | undefined {
    return this.state.tasks.find((t) => t.id === id);
  }

  private openTasks(): TaskView[] {
    return this.state.tasks.filter((t) => t.state === 'open');
  }

  private touch(task: TaskView): void {
    this.pending.task(task.id, this.cause);
  }

  private event(type: PathwayEventType, now: Date, actor: Actor | undefined, details: PathwayEvent['details']): void {
    // Numbered, not random: drawing on the workflow's random ids would shift every task id after it.
    this.state.eventCount = (this.state.eventCount ?? 0) + 1;
    this.pending.event({ seq: this.state.eventCount, type, at: now.toISOString(), actor, correlationId: this.cause, details });
  }

  private createSteps(trigger: StepTrigger, now: Date, appointmentAt?: Date): TaskView[] {
    const created = stepsTriggeredBy(this.input.policy, trigger, this.input.flags).map((step): TaskView => {
      const task: TaskView = {
        id: this.newId(),
        type: step.type,
        ownerType: step.owner,
        owner: this.state.routing[step.owner],
        state: 'open',
        createdAt: now.toISOString(),
        dueAt: stepDueAt(this.input.policy, step, this.deadlineContext(now, appointmentAt)).toISOString(),
        critical: step.critical ?? false,
        raised: [],
        skipped: [],
        version: 0,
      };
      if (appointmentAt) task.details = { appointmentAt: appointmentAt.toISOString() };
      this.state.tasks.push(task);
      this.touch(task);
      this.skipPassedLevels(task, now);
      return task;
    });
    return created;
  }

  private deadlineContext(createdAt: Date, appointmentAt?: Date) {
    const unplannedReleaseAt = this.state.unplannedReleaseAt ? new Date(this.state.unplannedReleaseAt) : undefined;
    return { releaseDate: this.t, registeredAt: this.registeredAt, createdAt, appointmentAt, unplannedReleaseAt, calendar: this.input.calendar };
  }

  // ---- the escalation ladder -------------------------------------------------------------

  private ladder(task: TaskView): PlannedEscalation[] {
    const released = this.state.releasedOn !== undefined;
    const key = `${task.dueAt}|${task.critical}|${this.t}|${released}`;
    let planned = this.ladders.get(key);
    if (!planned) {
      if (this.ladders.size >= 1000) this.ladders.clear();
      planned = planLadder(this.input.policy, { dueAt: new Date(task.dueAt), critical: task.critical, releaseDate: this.t, released, calendar: this.input.calendar });
      this.ladders.set(key, planned);
    }
    return planned;
  }

  /**
   * A step that is already late when created, or made late by a date change, escalates at
   * once at the level its lateness warrants: the levels below that are passed over.
   */
  private skipPassedLevels(task: TaskView, now: Date): void {
    task.skipped.push(...levelsPassedOver(this.ladder(task), this.done(task), now));
  }

  /** The levels a task has raised or passed over. */
  private done(task: TaskView): EscalationLevel[] {
    return [...task.raised, ...task.skipped];
  }

  /** The next instant a timer must wake the workflow: an escalation or the outcome. */
  nextWakeAt(): Date | undefined {
    if (this.closed) return undefined;
    const times = this.openTasks().flatMap((task) => levelsToCome(this.ladder(task), this.done(task)).map((p) => p.at));
    times.push(this.outcomeSettlesAt());
    return times.reduce((a, b) => (b < a ? b : a));
  }

  /** Raises every level whose time has come, in order, each exactly once. */
  raiseDueEscalations(now: Date): void {
    this.within(undefined, () => {
      for (const task of this.openTasks()) {
        for (const planned of levelsDue(this.ladder(task), this.done(task), now)) {
          this.raise(task, planned.level, planned.at, now, planned.notify, `${task.type} is due ${task.dueAt}`);
        }
      }
    });
  }

  private raise(task: TaskView, level: EscalationLevel, dueAt: Date, now: Date, notify: Audience[], reason: string): void {
    task.raised.push(level);
    if (!task.escalationLevel || levelRank(level) > levelRank(task.escalationLevel)) task.escalationLevel = level;
    this.touch(task);
    this.pending.escalation(
      {
        key: `${task.id}:${level}`,
        taskId: task.id,
        level,
        raisedAt: now.toISOString(),
        dueAt: dueAt.toISOString(),
        reason,
        notify: notify.map((audience) => ({ audience, org: this.audienceOrg(task, audience) })),
      },
      this.cause,
    );
  }

  private audienceOrg(task: TaskView, audience: Audience): string {
    switch (audience) {
      case 'owner':
      case 'owner-managers':
        return task.owner;
      case 'commissioner':
        return this.state.routing.commissioner;
      case 'requester':
        return this.state.routing[requesterOf(this.input.policy, task)];
    }
  }

  // ---- the outcome --------------------------------------------------------------------------

  /** When the release was recorded, if it was. */
  private get release() {
    return { releaseDay: this.t, releasedAt: this.state.releasedAt ? new Date(this.state.releasedAt) : undefined };
  }

  /** The end of the outcome window (the domain's rule, on the pinned policy). */
  outcomeDeadline(): Date {
    return outcomeWindowEnd(this.input.policy, this.release);
  }

  /** When the outcome is decided (the domain's rule), given the first appointments still open. */
  outcomeSettlesAt(): Date {
    const pending = this.openTasks()
      .filter((t) => t.type === 'first-appointment')
      .map((t) => ({ appointmentAt: appointmentOf(t), dueAt: new Date(t.dueAt) }));
    return outcomeSettlesAt(this.outcomeDeadline(), pending);
  }

  /** Decides the outcome once the window has closed and nothing inside it is left to record. */
  settleOutcome(now: Date): void {
    if (this.closed || now < this.outcomeSettlesAt()) return;
    this.within(undefined, () => {
      this.state.outcome = 'not-engaged';
      this.raisePathwayEscalation(now);
      this.close('not-engaged', now, 'No treatment started within the engagement window');
    });
  }

  private raisePathwayEscalation(now: Date): void {
    const commissioner = this.state.routing.commissioner;
    this.pending.escalation(
      {
        key: `${this.input.pathwayId}:not-engaged`,
        level: 'L3',
        raisedAt: now.toISOString(),
        dueAt: this.outcomeDeadline().toISOString(),
        reason: 'Not engaged with community treatment within the window after release',
        notify: [{ org: commissioner, audience: 'commissioner' }],
      },
      this.cause,
    );
  }

  private close(outcome: PathwayOutcome, now: Date, reason: string, actor?: Actor): void {
    this.state.outcome = outcome;
    this.state.outcomeAt = now.toISOString();
    this.state.status = 'closed';
    for (const task of this.openTasks()) {
      Object.assign(task, { state: 'cancelled', cancelReason: reason });
      this.touch(task);
    }
    this.event('outcome', now, actor, { outcome, reason });
  }

  // ---- human actions ------------------------------------------------------------------------

  validateAction(input: TaskActionInput, now: Date): void {
    const { taskId, action, actor, details } = input;
    const task = this.task(taskId);
    if (!task) reject('TaskNotFound', `Task ${taskId} is not part of this pathway`);
    if (task.state !== 'open') reject('TaskNotOpen', `Task ${taskId} is already ${task.state}`);
    if (task.owner !== actor.org) reject('NotOwner', `Task ${taskId} belongs to ${task.owner}`);
    if (!allowedActions(task.type).includes(action)) {
      reject('ActionNotAllowed', `A ${task.type} task allows ${allowedActions(task.type).join(', ')}, not ${action}`);
    }
    requireStorableText('InvalidDetails', input);
    const problem = detailsProblem(task.type, action, details);
    if (problem) reject('InvalidDetails', problem.message, { field: problem.field, code: details?.[problem.field] === undefined ? 'required' : problem.field === 'appointmentAt' ? 'not-a-date-time' : 'wrong-type' });
    const early = task.type === 'first-appointment' ? attendanceProblem(appointmentOf(task), now) : undefined;
    if (early) reject('InvalidDetails', early, { field: 'attended', code: 'before-appointment', appointmentAt: appointmentOf(task)!.toISOString() });
    if (task.type === 'appointment-booking' && action === 'complete') {
      const { releaseDay, releasedAt } = this.release;
      const rule = { releaseDate: releaseDay, releasedAt, onOst: this.input.flags.onOst, policy: this.input.policy, calendar: this.input.calendar };
      const late = firstAppointmentProblem(appointmentAtOf(details)!, rule);
      if (late) reject('InvalidDetails', late, { field: 'appointmentAt', code: 'after-latest', latest: latestFirstAppointmentDate(rule), releaseDate: releaseDay, onOst: rule.onOst });
    }
    const from = startableFrom(this.input.policy, task.type, this.deadlineContext(new Date(task.createdAt)));
    if (from && now < from) reject('NotYetStartable', `A ${task.type} task can be done from ${from.toISOString()}`);
  }

  act(input: TaskActionInput, now: Date): TaskActionResult {
    return this.within(input.correlationId, () => this.applyAction(input, now));
  }

  private applyAction({ taskId, action, actor, details }: TaskActionInput, now: Date): TaskActionResult {
    const task = this.task(taskId)!;
    const step = { type: task.type, appointmentAt: appointmentOf(task) };
    const outcome = outcomeOf(task.type, action, details);
    Object.assign(task, { state: 'done', completedAt: now.toISOString(), completedBy: actor.sub, outcome, details });
    this.touch(task);
    const appointmentAt = appointmentAtOf(details);
    const created = this.createSteps({ on: 'completed', step: task.type, outcome }, now, appointmentAt);
    if (task.type === 're-referral') created.push(...this.referAgain(details, now, actor));
    // Others who must hear of it: the commissioner of a declined referral, probation of a missed appointment.
    if (outcome === 'declined') {
      this.event('referral-declined', now, actor, { taskId, informed: this.state.routing.commissioner });
      this.notice(task, 'commissioner', now, `Referral declined by ${task.owner}`);
    }
    if (task.type === 'first-appointment' && outcome === 'did-not-attend') {
      this.event('did-not-attend', now, actor, { taskId, informed: this.state.routing.probation });
      this.notice(task, 'probation', now, `Did not attend the first appointment with ${task.owner}`);
    }
    if (startsTreatment(step, outcome, now, this.outcomeDeadline())) {
      this.close('engaged', now, 'Treatment started');
    }
    return { task, created };
  }

  /** The referral sent again: to the service named, if any, else the same; its steps follow as after the first. */
  private referAgain(details: TaskActionInput['details'], now: Date, actor: Actor): TaskView[] {
    const from = this.state.routing['community-treatment'];
    const to = typeof details?.communityTreatmentCode === 'string' ? details.communityTreatmentCode : from;
    this.state.routing['community-treatment'] = to;
    this.event('re-referred', now, actor, { from, to });
    return this.createSteps({ on: 'completed', step: 'referral', outcome: 'completed' }, now);
  }


  /**
   * Tells an organisation of an event on a task through the escalations it reads, at level
   * `notice`: informational, not a rung of the ladder, so the task's level and overdue state
   * stay as they are. One per task, as each task is completed once.
   */
  private notice(task: TaskView, role: 'commissioner' | 'probation', now: Date, reason: string): void {
    this.pending.escalation(
      {
        key: `${task.id}:notice`,
        taskId: task.id,
        level: 'notice',
        raisedAt: now.toISOString(),
        dueAt: now.toISOString(),
        reason,
        notify: [{ org: this.state.routing[role], audience: role }],
      },
      this.cause,
    );
  }

  // ---- pathway events -----------------------------------------------------------------------

  private requireActive(): void {
    if (this.closed) reject('PathwayClosed', `The pathway is closed (${this.state.outcome})`);
  }

  private requireNotReleased(): void {
    if (this.state.releasedOn) reject('AlreadyReleased', `The person was released on ${this.state.releasedOn}`);
  }

  validateReleaseDateChange(change: ReleaseDateChange, now: Date): void {
    this.requireActive();
    this.requireNotReleased();
    requireStorableText('InvalidEvent', change);
    requirePlannableDate('releaseDate', change.releaseDate, now);
  }

  /** Recomputes every open deadline; the same date again changes nothing. */
  changeReleaseDate(change: ReleaseDateChange, now: Date): boolean {
    return this.within(change.correlationId, () => this.applyReleaseDateChange(change, now));
  }

  private applyReleaseDateChange(change: ReleaseDateChange, now: Date): boolean {
    if (change.releaseDate === this.state.releaseDate && change.releaseDateType === this.state.releaseDateType) return false;
    const previous = this.state.expectedReleaseDate;
    const day = this.releaseDay(change.releaseDate, change.releaseDateType, now);
    Object.assign(this.state, {
      releaseDate: change.releaseDate,
      releaseDateType: change.releaseDateType,
      expectedReleaseDate: day.expectedReleaseDate,
      releaseDateAdjustedFrom: day.releaseDateAdjustedFrom,
      adjustmentReason: day.adjustmentReason,
    });
    this.recomputeDeadlines(now);
    this.event('release-date-changed', now, change.actor, {
      from: previous,
      to: day.expectedReleaseDate,
      releaseDate: change.releaseDate,
      releaseDateType: change.releaseDateType,
      reason: change.reason,
    });
    return true;
  }

  private recomputeDeadlines(now: Date): void {
    for (const task of this.openTasks()) {
      const step = stepPolicy(this.input.policy, task.type);
      const dueAt = stepDueAt(this.input.policy, step, this.deadlineContext(new Date(task.createdAt), appointmentOf(task))).toISOString();
      if (dueAt === task.dueAt) continue;
      task.dueAt = dueAt;
      this.touch(task);
      this.skipPassedLevels(task, now);
    }
  }

  validateRelease(record: ReleaseRecord, now: Date): void {
    this.requireActive();
    this.requireNotReleased();
    requireStorableText('InvalidEvent', record);
    requirePlannableDate('releasedOn', record.releasedOn, now);
    if (record.releasedOn > londonDateOf(now)) reject('InvalidEvent', `releasedOn ${record.releasedOn} is in the future`, { field: 'releasedOn', code: 'in-the-future', latest: londonDateOf(now) });
  }

  /** The actual day becomes T for the post-release steps and the engagement window. */
  recordRelease(record: ReleaseRecord, now: Date): void {
    this.within(record.correlationId, () => this.applyRelease(record, now));
  }

  private applyRelease(record: ReleaseRecord, now: Date): void {
    this.state.releasedOn = record.releasedOn;
    this.state.releasedAt = now.toISOString();
    const confirmation = this.openTasks().find((t) => t.type === 'release-confirmation');
    if (confirmation) {
      Object.assign(confirmation, { state: 'done', completedAt: now.toISOString(), completedBy: record.actor.sub, outcome: 'released' });
      this.touch(confirmation);
    }
    if (record.kind === 'unplanned') {
      this.state.unplannedReleaseAt = now.toISOString();
      this.startUnplannedRelease(now);
    }
    this.recomputeDeadlines(now);
    this.event('released', now, record.actor, { releasedOn: record.releasedOn, kind: record.kind });
  }

  /**
   * Released without notice (e.g. from court): the community service gets urgent tasks due
   * the next working day, and OST without a bridge escalates to L2 at once. The deadlines
   * themselves know of the release (deadlineContext), so the recomputation that follows keeps
   * them urgent.
   */
  private startUnplannedRelease(now: Date): void {
    for (const task of this.openTasks().filter(supersededByUnplannedRelease)) {
      Object.assign(task, { state: 'cancelled', cancelReason: SUPERSEDED_BY_UNPLANNED_RELEASE });
      this.touch(task);
    }
    if (needsUrgentReferral(this.state.tasks)) this.createSteps({ on: 'completed', step: 'referral' }, now);
    const bridge = this.openTasks().find((t) => t.type === 'ost-bridging');
    const jump = bridge && ostBridgeEscalation(bridge.raised, bridge.skipped);
    if (bridge && jump) {
      bridge.skipped.push(...jump.passOver);
      const rung = this.input.policy.ladder.find((r) => r.level === jump.level);
      this.raise(bridge, jump.level, now, now, rung?.notify ?? ['owner-managers', 'requester'], UNPLANNED_OST_REASON);
    }
  }

  validateCustodyReturn(event: CustodyReturn, now: Date): void {
    this.requireActive();
    requireStorableText('InvalidEvent', event);
    requirePlannableDate('on', event.on, now);
  }

  returnToCustody(event: CustodyReturn, now: Date): void {
    this.within(event.correlationId, () => this.applyCustodyReturn(event, now));
  }

  private applyCustodyReturn(event: CustodyReturn, now: Date): void {
    this.close('excluded', now, `Returned to custody: ${event.reason}`, event.actor);
    this.event('returned-to-custody', now, event.actor, { on: event.on, reason: event.reason });
  }

  validateCancellation(event: Cancellation): void {
    this.requireActive();
    requireStorableText('InvalidEvent', event);
  }

  cancel(event: Cancellation, now: Date): void {
    this.within(event.correlationId, () => {
      this.close('excluded', now, `Cancelled: ${event.reason}`, event.actor);
      this.event('cancelled', now, event.actor, { reason: event.reason });
    });
  }

  validateTransfer(transfer: Transfer): void {
    this.requireActive();
    this.requireNotReleased();
    requireStorableText('InvalidEvent', transfer);
    if (transfer.prisonCode === this.state.routing.prison) reject('InvalidEvent', `The person is already at ${transfer.prisonCode}`, { field: 'prisonCode', code: 'same-prison' });
  }

  /** Prison-owned open tasks move to the new prison. */
  transfer(transfer: Transfer, now: Date): void {
    this.within(transfer.correlationId, () => this.applyTransfer(transfer, now));
  }

  private applyTransfer(transfer: Transfer, now: Date): void {
    const from = this.state.routing.prison;
    this.state.routing.prison = transfer.prisonCode;
    for (const task of this.openTasks().filter((t) => t.ownerType === 'prison')) {
      task.owner = transfer.prisonCode;
      this.touch(task);
    }
    this.event('transferred', now, transfer.actor, { from, to: transfer.prisonCode });
  }

  // ---- the read model -----------------------------------------------------------------------

  /** Whether anything changed since the last snapshot. */
  get dirty(): boolean {
    return this.pending.dirty;
  }

  /**
   * The changes since the last snapshot, under a new version. Taken synchronously, so
   * concurrent handlers' writes are ordered even when their activities finish out of order.
   */
  takeSnapshot(): PathwaySnapshot {
    const version = ++this.state.version;
    const { taskIds, escalations, events, causes } = this.pending.take();
    const tasks = this.state.tasks.filter((t) => taskIds.has(t.id));
    for (const task of tasks) task.version = version;
    const snapshot: PathwaySnapshot = {
      pathwayId: this.input.pathwayId,
      version,
      status: this.state.status,
      releaseDate: this.state.releaseDate,
      releaseDateType: this.state.releaseDateType,
      expectedReleaseDate: this.state.expectedReleaseDate,
      releaseDateAdjustedFrom: this.state.releaseDateAdjustedFrom,
      adjustmentReason: this.state.adjustmentReason,
      releasedOn: this.state.releasedOn,
      releaseDay: this.t,
      outcome: this.state.outcome,
      outcomeAt: this.state.outcomeAt,
      prisonCode: this.state.routing.prison,
      communityTreatmentCode: this.state.routing['community-treatment'],
      tasks: clone(tasks),
      escalations,
      events,
      causes,
    };
    return snapshot;
  }

  /** Owes the read model again what a write of this snapshot could not store (PendingChanges.owe). */
  owe(snapshot: PathwaySnapshot, unstored?: readonly string[]): void {
    this.pending.owe(snapshot, unstored);
  }
}

/**
 * The pathway's rules applied as a plain state machine: tasks, deadlines, the escalation
 * ladder, pathway events and the outcome. The rules themselves are the domain's (libs/domain:
 * deadlines, the ladder, who is told, the outcome), read from the pathway's pinned policy; the
 * machine applies them to the state its ledger keeps (pathway.ledger.ts). No Temporal and no
 * clock of its own: the workflow passes in the time and an id source, so this stays
 * deterministic and unit-testable.
 */
import {
  appointmentAtOf,
  Audience,
  EscalationLevel,
  l2Audience,
  LadderPlans,
  ladderNotified,
  levelRank,
  levelsDue,
  levelsPassedOver,
  levelsToCome,
  LocalDate,
  londonDateOf,
  needsUrgentReferral,
  NoticeEvent,
  noticeEventOf,
  noticeNotified,
  noticeReason,
  ostBridgeEscalation,
  outcomeOf,
  outcomeSettlesAt,
  outcomeWindowEnd,
  adjustedFrom,
  placeDetailsOf,
  plannedReleaseDay,
  PlannedEscalation,
  ReleaseDateType,
  stepDueAt,
  stepPolicy,
  StepTrigger,
  stepsTriggeredBy,
  startsTreatment,
  SUPERSEDED_BY_UNPLANNED_RELEASE,
  TaskDetails,
  supersededByUnplannedRelease,
  UNPLANNED_OST_REASON,
} from '@throughcare/domain';
import { checkCancellation, checkCustodyReturn, checkRelease, checkReleaseDateChange, checkTaskAction, checkTransfer } from './pathway.admission';
import { PathwayLedger } from './pathway.ledger';
import { PathwayTexts } from './pathway.texts';
import type {
  Actor,
  Cancellation,
  CustodyReturn,
  PathwayInput,
  PathwayOutcome,
  PlannedEscalationRecord,
  ReleaseDateChange,
  ReleaseRecord,
  TaskActionInput,
  TaskActionResult,
  TaskView,
  TextDeliveryStatus,
  TextSendResult,
  Transfer,
} from './pathway.types';

/** When a task's appointment is or was, if it has one. */
function appointmentOf(task: TaskView): Date | undefined {
  return appointmentAtOf(task.details);
}

export class PathwayMachine extends PathwayLedger {
  private readonly ladders: LadderPlans;
  /** The texts to the person: planned only once the workflow turns them on (patch `texts`). */
  readonly texts: PathwayTexts;

  constructor(
    input: PathwayInput,
    private readonly newId: () => string,
  ) {
    super(input);
    this.ladders = new LadderPlans(input.policy, input.calendar);
    this.texts = new PathwayTexts(this.state, input.policy.texts, newId, (notice) => this.escalate(notice));
  }

  /** The type of a task, to decide before acting whether the action is one the person is texted about. */
  taskType(taskId: string): TaskView['type'] | undefined {
    return this.task(taskId)?.type;
  }

  /** Brings the texts in line with the pathway's appointments (PathwayTexts.plan). */
  planTexts(now: Date): void {
    this.within(undefined, () => this.texts.plan(now));
  }

  /** Whether a text whose time has come goes now, or waits for the morning, or is too late (PathwayTexts.dueNow). */
  textDueNow(id: string, now: Date): boolean {
    return this.within(undefined, () => this.texts.dueNow(id, now));
  }

  textSent(id: string, result: TextSendResult | { state: 'failed'; reason: 'technical-failure' }, now: Date): void {
    this.within(undefined, () => this.texts.sent(id, result, now, this.state.routing));
  }

  textDelivery(id: string, status: TextDeliveryStatus, now: Date): void {
    this.within(undefined, () => this.texts.delivery(id, status, now, this.state.routing));
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

  /** `carried`: details a completed step hands on with its appointment (the booking's place). */
  private createSteps(trigger: StepTrigger, now: Date, appointmentAt?: Date, carried: TaskDetails = {}): TaskView[] {
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
      if (appointmentAt) task.details = { appointmentAt: appointmentAt.toISOString(), ...carried };
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
    return this.ladders.of({ dueAt: new Date(task.dueAt), critical: task.critical, releaseDate: this.t, released: this.state.releasedOn !== undefined });
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

  /**
   * The rungs of the ladder next due (those at the soonest instant to come), as
   * raiseDueEscalations will raise them then, less the instant raised. Stored with each
   * snapshot, so the worker's sweep can store a burst of them at their instant, ahead of this
   * workflow's own wake-up (docs/design.md, "The 17:00 burst"). The timer stays the guarantee;
   * both write by the escalation's key, so neither doubles the other.
   */
  escalationPlan(): PlannedEscalationRecord[] {
    if (this.closed) return [];
    const toCome = this.openTasks().flatMap((task) => levelsToCome(this.ladder(task), this.done(task)).map((planned) => ({ task, planned })));
    if (toCome.length === 0) return [];
    const soonest = Math.min(...toCome.map(({ planned }) => planned.at.getTime()));
    return toCome
      .filter(({ planned }) => planned.at.getTime() === soonest)
      .map(({ task, planned }) => this.escalationOf(task, planned.level, planned.at, planned.notify, this.ladderReason(task)));
  }

  private ladderReason(task: TaskView): string {
    return `${task.type} is due ${task.dueAt}`;
  }

  /** Raises every level whose time has come, in order, each exactly once. */
  raiseDueEscalations(now: Date): void {
    this.within(undefined, () => {
      for (const task of this.openTasks()) {
        for (const planned of levelsDue(this.ladder(task), this.done(task), now)) {
          this.raise(task, planned.level, planned.at, now, planned.notify, this.ladderReason(task));
        }
      }
    });
  }

  private raise(task: TaskView, level: EscalationLevel, dueAt: Date, now: Date, notify: readonly Audience[], reason: string): void {
    task.raised.push(level);
    if (!task.escalationLevel || levelRank(level) > levelRank(task.escalationLevel)) task.escalationLevel = level;
    this.touch(task);
    this.escalate({ ...this.escalationOf(task, level, dueAt, notify, reason), raisedAt: now.toISOString() });
  }

  private escalationOf(task: TaskView, level: EscalationLevel, dueAt: Date, notify: readonly Audience[], reason: string): PlannedEscalationRecord {
    const notified = ladderNotified(this.input.policy, task, notify, this.state.routing);
    return { key: `${task.id}:${level}`, taskId: task.id, level, dueAt: dueAt.toISOString(), reason, notify: notified };
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
      const reason = 'Not engaged with community treatment within the window after release';
      const notify = [{ org: this.state.routing.commissioner, audience: 'commissioner' as const }];
      this.escalate({ key: `${this.input.pathwayId}:not-engaged`, level: 'L3', raisedAt: now.toISOString(), dueAt: this.outcomeDeadline().toISOString(), reason, notify });
      this.close('not-engaged', now, 'No treatment started within the engagement window');
    });
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
    const { releaseDay, releasedAt } = this.release;
    const firstAppointment = { releaseDate: releaseDay, releasedAt, onOst: this.input.flags.onOst, policy: this.input.policy, calendar: this.input.calendar };
    checkTaskAction(this.task(input.taskId), input, now, { policy: this.input.policy, firstAppointment, deadlineContext: (createdAt) => this.deadlineContext(createdAt) });
  }

  /**
   * `carryPlace`: the booking's place goes onto the first-appointment step it creates. The
   * workflow decides it (patch `appointment-place`), so pathways booked before keep their steps.
   */
  act(input: TaskActionInput, now: Date, carryPlace = false): TaskActionResult {
    return this.within(input.correlationId, () => (input.action === 'rearrange' ? this.rearrange(input, now) : this.applyAction(input, now, carryPlace)));
  }

  /**
   * The first appointment moved (patch `appointment-rearranged`): the step stays open with the
   * new time and place (none named: the details say none, as a booking without one), and its
   * deadline follows the new time.
   */
  private rearrange({ taskId, actor, details }: TaskActionInput, now: Date): TaskActionResult {
    const task = this.task(taskId)!;
    const from = task.details?.appointmentAt;
    const to = appointmentAtOf(details)!.toISOString();
    task.details = { appointmentAt: to, ...placeDetailsOf(details), rearrangedAt: now.toISOString() };
    this.touch(task);
    this.recomputeDeadlines(now);
    this.event('appointment-rearranged', now, actor, { taskId, ...(typeof from === 'string' ? { from } : {}), to });
    return { task, created: [] };
  }

  private applyAction({ taskId, action, actor, details }: TaskActionInput, now: Date, carryPlace: boolean): TaskActionResult {
    const task = this.task(taskId)!;
    const step = { type: task.type, appointmentAt: appointmentOf(task) };
    const outcome = outcomeOf(task.type, action, details);
    Object.assign(task, { state: 'done', completedAt: now.toISOString(), completedBy: actor.sub, outcome, details });
    this.touch(task);
    const appointmentAt = appointmentAtOf(details);
    const created = this.createSteps({ on: 'completed', step: task.type, outcome }, now, appointmentAt, carryPlace ? placeDetailsOf(details) : {});
    if (task.type === 're-referral') created.push(...this.referAgain(details, now, actor));
    // Others who must hear of it (by default the commissioner of a declined referral, probation of a missed appointment).
    const noticed = noticeEventOf(task.type, outcome);
    if (noticed) this.notice(task, noticed, now, actor);
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
   * Tells the organisations the policy names of an event on a task, on its timeline and through
   * the escalations they read, at level `notice`: informational, not a rung of the ladder, so
   * the task's level and overdue state stay as they are. One per task, as each task is completed once.
   */
  private notice(task: TaskView, event: NoticeEvent, now: Date, actor: Actor): void {
    const notify = noticeNotified(this.input.policy, event, this.state.routing);
    this.event(event, now, actor, { taskId: task.id, informed: notify.map((n) => n.org).join(', ') });
    const at = now.toISOString();
    this.escalate({ key: `${task.id}:notice`, taskId: task.id, level: 'notice', raisedAt: at, dueAt: at, reason: noticeReason(event, task.owner), notify });
  }

  // ---- pathway events -----------------------------------------------------------------------

  validateReleaseDateChange(change: ReleaseDateChange, now: Date): void {
    checkReleaseDateChange(this.state, change, now);
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
    checkRelease(this.state, record, now);
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
      this.raise(bridge, jump.level, now, now, l2Audience(this.input.policy), UNPLANNED_OST_REASON);
    }
  }

  validateCustodyReturn(event: CustodyReturn, now: Date): void {
    checkCustodyReturn(this.state, event, now);
  }

  returnToCustody(event: CustodyReturn, now: Date): void {
    this.within(event.correlationId, () => this.applyCustodyReturn(event, now));
  }

  private applyCustodyReturn(event: CustodyReturn, now: Date): void {
    this.close('excluded', now, `Returned to custody: ${event.reason}`, event.actor);
    this.event('returned-to-custody', now, event.actor, { on: event.on, reason: event.reason });
  }

  validateCancellation(event: Cancellation): void {
    checkCancellation(this.state, event);
  }

  cancel(event: Cancellation, now: Date): void {
    this.within(event.correlationId, () => {
      this.close('excluded', now, `Cancelled: ${event.reason}`, event.actor);
      this.event('cancelled', now, event.actor, { reason: event.reason });
    });
  }

  validateTransfer(transfer: Transfer): void {
    checkTransfer(this.state, transfer);
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
}

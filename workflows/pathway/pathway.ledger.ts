/**
 * What a pathway holds and owes its read model: the state (carried across continue-as-new),
 * and the changes since the last write, each recorded under the request that caused it. The
 * rules that change the state are the machine's (pathway.machine.ts), which extends this; the
 * ledger only keeps the books: the timeline's numbering, the causes, and the snapshot a write
 * takes. No Temporal and no clock here either.
 */
import { dayT, LocalDate } from '@throughcare/domain';
import { PendingChanges } from './pathway.changes';
import type { Actor, EscalationView, PathwayEvent, PathwayEventType, PathwayInput, PathwaySnapshot, PathwayState, PathwayView, PlannedEscalationRecord, TaskView } from './pathway.types';

/** The workflow sandbox has no structuredClone; the state is plain JSON. */
function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export abstract class PathwayLedger {
  protected readonly state: PathwayState;
  protected readonly registeredAt: Date;
  /**
   * The correlation id of the change being applied: bound by each public method for its own
   * synchronous run (`within`), never left set between calls, so one request's changes are
   * never recorded under another's id and a timer's under none.
   */
  private cause?: string;
  /** What the read model is owed, each change under its cause. */
  private readonly pending = new PendingChanges();

  constructor(protected readonly input: PathwayInput) {
    this.registeredAt = new Date(input.registeredAt);
    this.state = input.carried ?? {
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

  /** T, the release day that counts (the domain's rule). */
  protected get t(): LocalDate {
    return dayT({ expected: this.state.expectedReleaseDate, actual: this.state.releasedOn });
  }

  /** Applies a change on behalf of one request (or of none: a timer), recording each thing changed under it. */
  protected within<T>(cause: string | undefined, apply: () => T): T {
    this.cause = cause;
    try {
      return apply();
    } finally {
      this.cause = undefined;
    }
  }

  protected task(id: string): TaskView | undefined {
    return this.state.tasks.find((t) => t.id === id);
  }

  protected openTasks(): TaskView[] {
    return this.state.tasks.filter((t) => t.state === 'open');
  }

  /** Owes the read model the task as it will be at the next snapshot. */
  protected touch(task: TaskView): void {
    this.pending.task(task.id, this.cause);
  }

  /** Owes the read model an escalation or notice, raised once by its key. */
  protected escalate(escalation: EscalationView): void {
    this.pending.escalation(escalation, this.cause);
  }

  /** Adds an entry to the pathway's timeline. */
  protected event(type: PathwayEventType, now: Date, actor: Actor | undefined, details: PathwayEvent['details']): void {
    // Numbered, not random: drawing on the workflow's random ids would shift every task id after it.
    this.state.eventCount = (this.state.eventCount ?? 0) + 1;
    this.pending.event({ seq: this.state.eventCount, type, at: now.toISOString(), actor, correlationId: this.cause, details });
  }

  /** The rungs of the ladder next due, stored with each snapshot (the machine's rule). */
  abstract escalationPlan(): PlannedEscalationRecord[];

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
      plannedEscalations: this.escalationPlan(),
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

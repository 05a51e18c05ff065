/**
 * What the read model is owed since the pathway's last write: the pathway row, the tasks
 * changed, the escalations and timeline entries issued, and the causes (request correlation
 * ids) of all of them. The machine records each change here under the cause it belongs to;
 * the workflow takes them as one snapshot and hands back what a write could not store.
 */
import { snapshotItem } from './pathway.ids';
import type { EscalationView, PathwayEvent, PathwaySnapshot } from './pathway.types';

export interface TakenChanges {
  taskIds: ReadonlySet<string>;
  escalations: EscalationView[];
  events: PathwayEvent[];
  causes: string[];
}

export class PendingChanges {
  private taskIds = new Set<string>();
  private escalations: EscalationView[] = [];
  private events: PathwayEvent[] = [];
  private causes = new Set<string>();
  /** The pathway row itself is owed a write (a write could not store it). */
  private pathwayRow = false;

  task(id: string, cause: string | undefined): void {
    this.taskIds.add(id);
    this.by(cause);
  }

  escalation(escalation: EscalationView, cause: string | undefined): void {
    this.escalations.push(escalation);
    this.by(cause);
  }

  event(event: PathwayEvent): void {
    this.events.push(event);
    this.by(event.correlationId);
  }

  private by(cause: string | undefined): void {
    if (cause !== undefined) this.causes.add(cause);
  }

  /** Whether anything is owed. */
  get dirty(): boolean {
    return this.pathwayRow || this.taskIds.size > 0 || this.escalations.length > 0 || this.events.length > 0;
  }

  /** Everything owed, leaving nothing. */
  take(): TakenChanges {
    const taken = { taskIds: this.taskIds, escalations: this.escalations, events: this.events, causes: [...this.causes] };
    this.taskIds = new Set();
    this.escalations = [];
    this.events = [];
    this.causes = new Set();
    this.pathwayRow = false;
    return taken;
  }

  /**
   * Owes again what a write of this snapshot could not store (`unstored` keys, see
   * snapshotItem; all of it when undefined), with its causes, so the next snapshot carries it
   * once more. Tasks are written as they are by then; escalations and events once by key.
   */
  owe(snapshot: PathwaySnapshot, unstored?: readonly string[]): void {
    const owed = (key: string) => unstored === undefined || unstored.includes(key);
    if (owed(snapshotItem.pathway())) this.pathwayRow = true;
    for (const task of snapshot.tasks) if (owed(snapshotItem.task(task.id))) this.taskIds.add(task.id);
    this.escalations = [...snapshot.escalations.filter((e) => owed(snapshotItem.escalation(e.key))), ...this.escalations];
    this.events = [...snapshot.events.filter((e) => owed(snapshotItem.event(e.seq))), ...this.events];
    for (const cause of snapshot.causes) this.causes.add(cause);
  }
}

/**
 * An escalation raised on a task (or a pathway's outcome), or a notice of an event on a task
 * (level `notice`: informational, the task is not escalated); each key is raised once.
 */
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('escalations')
export class EscalationEntity {
  @PrimaryColumn({ type: 'text' })
  key: string;

  @Column({ name: 'pathway_id', type: 'uuid' })
  pathwayId: string;

  @Column({ name: 'task_id', type: 'uuid', nullable: true })
  taskId: string | null;

  /** reminder, L1, L2, L3 or notice. */
  @Column({ type: 'text' })
  level: string;

  @Column({ name: 'raised_at', type: 'timestamptz' })
  raisedAt: Date;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'jsonb' })
  notify: Array<{ org: string; audience: string }>;

  @Column({ name: 'notified_orgs', type: 'text', array: true })
  notifiedOrgs: string[];
}

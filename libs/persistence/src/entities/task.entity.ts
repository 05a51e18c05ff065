/** A handover task in an organisation's worklist. Written only by the pathway workflow's activities. */
import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { PathwayEntity } from './pathway.entity';

@Entity('tasks')
export class TaskEntity {
  /** Issued by the workflow, so a retried write lands on the same row. */
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'pathway_id', type: 'uuid' })
  pathwayId: string;

  @ManyToOne('PathwayEntity', 'tasks')
  @JoinColumn({ name: 'pathway_id' })
  pathway?: PathwayEntity;

  @Column({ type: 'text' })
  type: string;

  @Column({ name: 'owner_type', type: 'text' })
  ownerType: string;

  @Column({ name: 'owner_code', type: 'text' })
  ownerCode: string;

  @Column({ type: 'text' })
  state: 'open' | 'done' | 'cancelled';

  @Column({ type: 'boolean' })
  critical: boolean;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Column({ name: 'completed_by', type: 'text', nullable: true })
  completedBy: string | null;

  @Column({ type: 'text', nullable: true })
  outcome: string | null;

  @Column({ type: 'jsonb', nullable: true })
  details: Record<string, string | boolean> | null;

  @Column({ name: 'cancel_reason', type: 'text', nullable: true })
  cancelReason: string | null;

  @Column({ name: 'escalation_level', type: 'text', nullable: true })
  escalationLevel: string | null;

  @Column({ type: 'int' })
  version: number;

  /** When the workflow created the step. */
  @Column({ name: 'issued_at', type: 'timestamptz' })
  issuedAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** One line of the append-only audit log. */
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('audit_log')
export class AuditEntryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  @Column({ name: 'actor_sub', type: 'text' })
  actorSub: string;

  @Column({ name: 'actor_org', type: 'text' })
  actorOrg: string;

  @Column({ name: 'actor_roles', type: 'text', array: true })
  actorRoles: string[];

  /** What was done or seen, e.g. `pathway.read`, `task.accept`. */
  @Column({ type: 'text' })
  action: string;

  @Column({ name: 'pathway_id', type: 'uuid', nullable: true })
  pathwayId: string | null;

  @Column({ name: 'task_id', type: 'uuid', nullable: true })
  taskId: string | null;

  /** What else it touched, e.g. `organisation:LEI`, `policy:england-default@2`, `area:E08000035`. */
  @Column({ type: 'text', nullable: true })
  target: string | null;

  /** The HTTP status answered: a refusal is recorded as much as a success. */
  @Column({ type: 'int' })
  status: number;

  @Column({ name: 'correlation_id', type: 'text', nullable: true })
  correlationId: string | null;
}

/** One entry of a pathway's timeline: registration, date changes, release, outcome. */
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('pathway_events')
export class PathwayEventEntity {
  @PrimaryColumn({ name: 'pathway_id', type: 'uuid' })
  pathwayId: string;

  @PrimaryColumn({ type: 'int' })
  seq: number;

  @Column({ type: 'text' })
  type: string;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ name: 'actor_sub', type: 'text', nullable: true })
  actorSub: string | null;

  @Column({ name: 'actor_org', type: 'text', nullable: true })
  actorOrg: string | null;

  /** The request that caused the event. */
  @Column({ name: 'correlation_id', type: 'text', nullable: true })
  correlationId: string | null;

  @Column({ type: 'jsonb' })
  details: Record<string, string | boolean | null>;
}

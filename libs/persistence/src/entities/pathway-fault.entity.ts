/**
 * A write of a pathway's read model that PostgreSQL refused for good, stored as far as it
 * could be (see apps/worker/src/pathway.activities.ts). Ids, a kind, the SQLSTATE and the keys
 * of what was left out (`task:<id>`, `escalation:<key>`, `event:<seq>`, `pathway`); no personal
 * data. Unresolved while something is left out; a later write that stores everything resolves it.
 */
import { Column, Entity, PrimaryColumn } from 'typeorm';

export const FAULT_KINDS = ['text-replaced', 'stored-piecewise', 'partly-stored'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

@Entity('pathway_faults')
export class PathwayFaultEntity {
  @PrimaryColumn({ name: 'pathway_id', type: 'uuid' })
  pathwayId: string;

  /** The snapshot version whose write failed. */
  @PrimaryColumn({ type: 'int' })
  version: number;

  /** `text-replaced`: stored whole with unstorable text replaced by U+FFFD; `stored-piecewise`: stored whole, piece by piece; `partly-stored`: something left out. */
  @Column({ type: 'text' })
  kind: FaultKind;

  @Column({ type: 'text', nullable: true })
  sqlstate: string | null;

  @Column({ type: 'text', array: true })
  unstored: string[];

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;
}

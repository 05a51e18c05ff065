/** A list of releases sent at once, and its rows (see the release-imports migration). */
import { Column, Entity, PrimaryColumn } from 'typeorm';

export type ImportRowResult = 'pending' | 'created' | 'duplicate' | 'invalid';

@Entity('release_imports')
export class ReleaseImportEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  /** The prison that sent it. */
  @Column({ name: 'org_code', type: 'text' })
  orgCode: string;

  @Column({ name: 'created_by', type: 'text' })
  createdBy: string;

  /** Who sent it, as their token named them: each row is registered as by them. */
  @Column({ name: 'created_by_name', type: 'text' })
  createdByName: string;

  @Column({ type: 'int' })
  total: number;

  @Column({ type: 'text' })
  state: 'processing' | 'done';

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** Until when a recovery sweep holds this import (one API instance at a time). */
  @Column({ name: 'recovery_claimed_until', type: 'timestamptz', nullable: true })
  recoveryClaimedUntil: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}

@Entity('release_import_rows')
export class ReleaseImportRowEntity {
  @PrimaryColumn({ name: 'import_id', type: 'uuid' })
  importId: string;

  /** 1 for the first row after a CSV's header, or the first element of a JSON array. */
  @PrimaryColumn({ name: 'row_number', type: 'int' })
  rowNumber: number;

  /** The registration as validated; null for a row that failed validation. */
  @Column({ type: 'jsonb', nullable: true })
  registration: Record<string, unknown> | null;

  @Column({ type: 'text' })
  result: ImportRowResult;

  @Column({ name: 'pathway_id', type: 'uuid', nullable: true })
  pathwayId: string | null;

  /** Field errors, as a single registration's problem lists them (with their codes and compared values). */
  @Column({ type: 'jsonb', nullable: true })
  errors: Array<{ field: string; messages: string[]; code?: string }> | null;

  /** Why a duplicate is one, or an invalid row's problem, in words. */
  @Column({ type: 'text', nullable: true })
  detail: string | null;
}

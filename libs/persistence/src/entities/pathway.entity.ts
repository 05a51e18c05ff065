/**
 * A pathway's read model. The API writes the registration (who, where, which policy) before
 * it starts the workflow; from then on only the workflow's activities change it.
 */
import { Column, CreateDateColumn, Entity, OneToMany, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { PathwayPersonEntity } from './pathway-person.entity';
import type { TaskEntity } from './task.entity';

/**
 * `registering` until the workflow has written its first tasks; `failed` when its workflow
 * failed (see `failureReason`), which no longer counts as the person's open pathway.
 */
export const PATHWAY_STATUSES = ['registering', 'active', 'closed', 'failed'] as const;
export type PathwayStatusColumn = (typeof PATHWAY_STATUSES)[number];

@Entity('pathways')
export class PathwayEntity {
  @PrimaryColumn('uuid')
  id: string;

  /** The person's identity (`persons`): one open pathway per person. */
  @Column({ name: 'person_id', type: 'uuid' })
  personId: string;

  /** The person as registered on this pathway. */
  @OneToOne('PathwayPersonEntity', 'pathway')
  person?: PathwayPersonEntity;

  @Column({ type: 'text' })
  status: PathwayStatusColumn;

  @Column({ name: 'workflow_id', type: 'text' })
  workflowId: string;

  /** The prison that holds the person now; follows transfers. */
  @Column({ name: 'prison_code', type: 'text' })
  prisonCode: string;

  @Column({ name: 'registering_prison_code', type: 'text' })
  registeringPrisonCode: string;

  @Column({ name: 'destination_area', type: 'text' })
  destinationArea: string;

  @Column({ name: 'community_treatment_code', type: 'text' })
  communityTreatmentCode: string;

  @Column({ name: 'probation_code', type: 'text' })
  probationCode: string;

  @Column({ name: 'commissioner_code', type: 'text' })
  commissionerCode: string;

  @Column({ name: 'release_date', type: 'date' })
  releaseDate: string;

  @Column({ name: 'release_date_type', type: 'text' })
  releaseDateType: string;

  @Column({ name: 'expected_release_date', type: 'date', nullable: true })
  expectedReleaseDate: string | null;

  @Column({ name: 'release_date_adjusted_from', type: 'date', nullable: true })
  releaseDateAdjustedFrom: string | null;

  /** Why the day-of-release rule moved the date, as the workflow computed it. */
  @Column({ name: 'release_date_adjustment_reason', type: 'text', nullable: true })
  releaseDateAdjustmentReason: string | null;

  /** T: the actual day of release if recorded, else the expected one; the date given until the workflow's first write. */
  @Column({ name: 'release_day', type: 'date' })
  releaseDay: string;

  @Column({ type: 'text', array: true })
  substances: string[];

  @Column({ name: 'on_ost', type: 'boolean' })
  onOst: boolean;

  @Column({ name: 'consent_to_share', type: 'boolean' })
  consentToShare: boolean;

  @Column({ name: 'policy_id', type: 'text' })
  policyId: string;

  @Column({ name: 'policy_version', type: 'int' })
  policyVersion: number;

  @Column({ name: 'registered_by', type: 'text' })
  registeredBy: string;

  @Column({ name: 'registered_at', type: 'timestamptz' })
  registeredAt: Date;

  /** The list it was registered from, if any. */
  @Column({ name: 'import_id', type: 'uuid', nullable: true })
  importId: string | null;

  @Column({ name: 'released_on', type: 'date', nullable: true })
  releasedOn: string | null;

  @Column({ type: 'text', nullable: true })
  outcome: 'engaged' | 'not-engaged' | 'excluded' | null;

  @Column({ name: 'outcome_at', type: 'timestamptz', nullable: true })
  outcomeAt: Date | null;

  /** Why the pathway failed, a code: `workflow-error` or `registration-not-started`. */
  @Column({ name: 'failure_reason', type: 'text', nullable: true })
  failureReason: 'workflow-error' | 'registration-not-started' | null;

  @Column({ name: 'failed_at', type: 'timestamptz', nullable: true })
  failedAt: Date | null;

  /** How often the recovery sweep has tried, and failed, to start the workflow. */
  @Column({ name: 'registration_attempts', type: 'int', default: 0 })
  registrationAttempts: number;

  /** Until when a recovery sweep holds this stalled registration (one instance at a time). */
  @Column({ name: 'recovery_claimed_until', type: 'timestamptz', nullable: true })
  recoveryClaimedUntil: Date | null;

  /** The workflow-issued version of the last snapshot written. */
  @Column({ type: 'int', default: 0 })
  version: number;

  @OneToMany('TaskEntity', 'pathway')
  tasks?: TaskEntity[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** HMPPS domain events taken in (the inbox) and the movements left for a person to review. */
import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export const INBOX_OUTCOMES = ['claimed', 'applied', 'already-released', 'reported', 'review', 'historic', 'out-of-order', 'no-change', 'duplicate', 'refused', 'in-custody'] as const;
export type InboxOutcome = (typeof INBOX_OUTCOMES)[number];

@Entity('intake_inbox')
export class IntakeInboxEntity {
  /** The SNS MessageId. */
  @PrimaryColumn({ name: 'message_id', type: 'text' })
  messageId: string;

  /** Pathway, movement and day: one movement, whichever message carried it. */
  @Column({ name: 'business_key', type: 'text', nullable: true })
  businessKey: string | null;

  @Column({ name: 'pathway_id', type: 'uuid' })
  pathwayId: string;

  @Column({ name: 'event_type', type: 'text' })
  eventType: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ type: 'text' })
  outcome: InboxOutcome;

  /** The prison the event names (`prisonId`): the one left, or the one reached. */
  @Column({ name: 'prison_code', type: 'text', nullable: true })
  prisonCode: string | null;

  /** Tries at the effect while claimed. */
  @Column({ type: 'int' })
  attempts: number;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;
}

/** A movement, or a release-date change, that a person of the prison's healthcare team decides. */
export const REVIEW_KINDS = ['death', 'hospital', 'deportation', 'absconded', 'transfer-to-unknown-prison', 'prisoner-search-unavailable', 'not-in-prisoner-search', 'release-date-unmatched'] as const;
export type ReviewItemKind = (typeof REVIEW_KINDS)[number];

@Entity('intake_review_items')
export class IntakeReviewItemEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'pathway_id', type: 'uuid' })
  pathwayId: string;

  @Column({ name: 'movement_kind', type: 'text' })
  movementKind: ReviewItemKind;

  /** For a transfer to a prison Throughcare does not know: that prison. */
  @Column({ name: 'to_prison_code', type: 'text', nullable: true })
  toPrisonCode: string | null;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  /** The prison the person left, whose healthcare team decides. */
  @Column({ name: 'prison_code', type: 'text' })
  prisonCode: string;

  @Column({ name: 'message_id', type: 'text' })
  messageId: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  /** What the person who resolved it did. */
  @Column({ type: 'text', nullable: true })
  resolution: 'released' | 'returned-to-custody' | 'cancelled' | 'dismissed' | null;

  @Column({ name: 'resolution_reason', type: 'text', nullable: true })
  resolutionReason: string | null;

  @Column({ name: 'resolved_by', type: 'text', nullable: true })
  resolvedBy: string | null;
}

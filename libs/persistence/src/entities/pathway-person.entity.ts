/**
 * The person as registered on one pathway. Written once at registration; changed only by an
 * explicit, audited correction on that pathway, never by a registration elsewhere.
 */
import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import type { PathwayEntity } from './pathway.entity';

@Entity('pathway_people')
export class PathwayPersonEntity {
  @PrimaryColumn({ name: 'pathway_id', type: 'uuid' })
  pathwayId: string;

  @OneToOne('PathwayEntity', 'person')
  @JoinColumn({ name: 'pathway_id' })
  pathway?: PathwayEntity;

  @Column({ name: 'prison_number', type: 'text' })
  prisonNumber: string;

  @Column({ name: 'given_name', type: 'text' })
  givenName: string;

  @Column({ name: 'family_name', type: 'text' })
  familyName: string;

  @Column({ name: 'date_of_birth', type: 'date' })
  dateOfBirth: string;

  @Column({ name: 'nhs_number', type: 'text', nullable: true })
  nhsNumber: string | null;

  /** The last correction: when, and by whom (a user's subject). */
  @Column({ name: 'corrected_at', type: 'timestamptz', nullable: true })
  correctedAt: Date | null;

  @Column({ name: 'corrected_by', type: 'text', nullable: true })
  correctedBy: string | null;
}

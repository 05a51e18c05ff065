import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export const ORGANISATION_TYPES = ['prison', 'probation', 'community-treatment', 'commissioner', 'operator'] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];

@Entity('organisations')
export class OrganisationEntity {
  /** Prisons use their three-letter code, e.g. LEI. */
  @PrimaryColumn({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  type: OrganisationType;

  /** Local authority area codes the organisation serves. */
  @Column({ type: 'text', array: true })
  areas: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

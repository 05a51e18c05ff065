/**
 * A person's identity across releases: their prison number, and nothing else. What a prison
 * registered about them (name, date of birth, NHS number) belongs to each pathway
 * (`PathwayPersonEntity`), so one organisation's registration never rewrites what another's
 * pathway shows. Personal data lives only in PostgreSQL, never in Temporal.
 */
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('persons')
export class PersonEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'prison_number', type: 'text', unique: true })
  prisonNumber: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

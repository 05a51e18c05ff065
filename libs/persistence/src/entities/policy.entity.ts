/** Policies as versioned data; an area may have its own (DESIGN §3.5). */
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Policy } from '@throughcare/domain';

@Entity('policies')
export class PolicyEntity {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @PrimaryColumn({ type: 'int' })
  version: number;

  @Column({ type: 'jsonb' })
  definition: Policy;

  @Column({ name: 'created_by', type: 'text' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

@Entity('area_policies')
export class AreaPolicyEntity {
  @PrimaryColumn({ type: 'text' })
  area: string;

  @Column({ name: 'policy_id', type: 'text' })
  policyId: string;

  @Column({ name: 'updated_by', type: 'text' })
  updatedBy: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

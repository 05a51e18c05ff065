/**
 * Policies: the built-in default, versions an admin creates, and the choice per area. A
 * pathway starts with the area's policy at its latest version and keeps that version.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '@throughcare/auth';
import { checkPolicyBounds, ENGLAND_DEFAULT, ESCALATION_LEVELS, levelRank, planningProblems, Policy, PolicyProblem } from '@throughcare/domain';
import { AreaPolicyEntity, PolicyEntity } from '@throughcare/persistence';
import { keptPolicy } from '@throughcare/registration';
import { DomainError, notFound, validationError } from '@throughcare/problem';
import { requireAdmin, TREATMENT_REVEALING_TASKS } from '@throughcare/access';
import { IdempotencyKeys } from '../common/idempotency/idempotency-keys';
import type { Operation } from '../common/idempotency/idempotency.interceptor';
import { AreaPolicyResponseDto, CreatePolicyDto, PolicyResponseDto } from './policy.dto';

const ONLY_ADMIN = 'Only an administrator can change policies';

@Injectable()
export class PolicyService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly keys: IdempotencyKeys,
  ) {}

  async list(): Promise<PolicyResponseDto[]> {
    const stored = await this.dataSource.getRepository(PolicyEntity).find({ order: { id: 'ASC', version: 'ASC' } });
    return [
      { id: ENGLAND_DEFAULT.id, version: ENGLAND_DEFAULT.version, createdAt: null, definition: ENGLAND_DEFAULT },
      ...stored.map((p) => ({ id: p.id, version: p.version, createdAt: p.createdAt.toISOString(), definition: p.definition })),
    ];
  }

  async create(user: AuthenticatedUser, dto: CreatePolicyDto, operation?: Operation): Promise<PolicyResponseDto> {
    requireAdmin(user, ONLY_ADMIN);
    if (dto.id === ENGLAND_DEFAULT.id) {
      throw new DomainError('policyBuiltIn', `${ENGLAND_DEFAULT.id} is built in; create a policy with another id`);
    }
    checkCoherent(dto);
    checkPlannable(dto);
    // Once per Idempotency-Key. Two admins creating versions of one policy at once each get their
    // own: the lock (held to the end of the transaction) makes the second read the first's version
    // before taking the next. An insert, never save(): save() reads by key first, and a version
    // committed in between would be updated in place, where a kept version must never change.
    return this.keys.answerOnce(operation, 201, async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('policy-version:' || $1))`, [dto.id]);
      const [{ next }] = await tx.query(`SELECT coalesce(max(version), 0) + 1 AS next FROM policies WHERE id = $1`, [dto.id]);
      const definition: Policy = { ...dto, version: next } as Policy;
      const [{ created_at: createdAt }]: Array<{ created_at: Date }> = await tx.query(
        `INSERT INTO policies (id, version, definition, created_by) VALUES ($1, $2, $3, $4) RETURNING created_at`,
        [dto.id, next, definition, user.sub],
      );
      return { id: dto.id, version: next, createdAt: createdAt.toISOString(), definition };
    });
  }

  async setForArea(user: AuthenticatedUser, area: string, policyId: string): Promise<AreaPolicyResponseDto> {
    requireAdmin(user, ONLY_ADMIN);
    if (policyId !== ENGLAND_DEFAULT.id && !(await this.dataSource.getRepository(PolicyEntity).existsBy({ id: policyId }))) {
      throw notFound(`Policy ${policyId}`);
    }
    await this.dataSource.getRepository(AreaPolicyEntity).upsert({ area, policyId, updatedBy: user.sub }, ['area']);
    return { area, policyId };
  }

  version(id: string, version: number): Promise<Policy> {
    return keptPolicy(this.dataSource, id, version);
  }
}

/**
 * Rules that span fields: one step of each type, registration steps to start with, a ladder in
 * order, and no step that reveals treatment owned or requested by probation (who may not see it
 * without the person's consent, and would be told of it by its task and its escalations).
 */
function checkCoherent(dto: CreatePolicyDto): void {
  const problems: Array<{ field: string; messages: string[] }> = [];
  const types = dto.steps.map((s) => s.type);
  if (new Set(types).size !== types.length) problems.push({ field: 'steps', messages: ['each step type may appear once'] });
  if (!dto.steps.some((s) => s.trigger.on === 'registration')) problems.push({ field: 'steps', messages: ['at least one step must start at registration'] });
  dto.steps.forEach((s, i) => {
    if (s.trigger.on === 'completed' && !s.trigger.step) problems.push({ field: `steps.${i}.trigger.step`, messages: ['a completed trigger names the step'] });
    if ((TREATMENT_REVEALING_TASKS as readonly string[]).includes(s.type)) {
      for (const role of ['owner', 'requester'] as const) {
        if (s[role] === 'probation') problems.push({ field: `steps.${i}.${role}`, messages: [`${s.type} reveals treatment: probation cannot be its ${role}`] });
      }
    }
    // Only booking the appointment gives a step an appointment to count from.
    const fromAppointment = (['due', 'lateDue', 'notBefore'] as const).filter((rule) => s[rule]?.anchor === 'appointment');
    if (fromAppointment.length > 0 && !(s.trigger.on === 'completed' && s.trigger.step === 'appointment-booking')) {
      for (const rule of fromAppointment) {
        problems.push({ field: `steps.${i}.${rule}.anchor`, messages: ['only a step that booking the appointment starts can count from the appointment'] });
      }
    }
  });
  const ranks = dto.ladder.map((r) => levelRank(r.level));
  if (ranks.some((r, i) => i > 0 && r <= ranks[i - 1])) {
    problems.push({ field: 'ladder', messages: [`levels must be in the order ${ESCALATION_LEVELS.join(', ')}, each once`] });
  }
  problems.push(...checkPolicyBounds(dto).map(asFieldError));
  if (problems.length > 0) throw validationError(problems);
}

/**
 * A policy change takes effect only for pathways it can plan: a policy within the bounds is
 * still tried on sample people before it is stored, so none of the pathways it would start
 * fails on its first deadline.
 */
function checkPlannable(dto: CreatePolicyDto): void {
  const problems = planningProblems({ ...dto, version: 0 } as Policy, new Date());
  if (problems.length > 0) throw validationError(problems.map(asFieldError));
}

const asFieldError = (p: PolicyProblem) => ({ field: p.field, messages: [p.message], ...(p.code ? { code: p.code } : {}) });

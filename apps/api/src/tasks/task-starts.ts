/**
 * When the open tasks on a page may be done, where that is still to come: a step with a policy's
 * `notBefore` (GP registration, a month before release) is offered no action until then, and
 * says from when. The rule is the domain's (`notYetStartable`), the one the workflow refuses
 * by; this reads its inputs from the read model: the pathway's pinned policy, its day of
 * release, its registration and the task's creation.
 */
import type { DataSource } from 'typeorm';
import { COMPILED_CALENDAR, notYetStartable, type Policy, type TaskType } from '@throughcare/domain';
import type { PathwayEntity, TaskEntity } from '@throughcare/persistence';
import { keptPolicy } from '@throughcare/registration';

type Pathway = Pick<PathwayEntity, 'policyId' | 'policyVersion' | 'releaseDay' | 'registeredAt'>;

/** Each open task's earliest start, by task id, for those that cannot be done yet. */
export async function taskStarts(dataSource: DataSource, rows: Array<{ task: Pick<TaskEntity, 'id' | 'state' | 'type' | 'issuedAt'>; pathway: Pathway }>, now: Date): Promise<Map<string, Date>> {
  const policies = new Map<string, Promise<Policy>>();
  const policyOf = (p: Pathway) => {
    const key = `${p.policyId}@${p.policyVersion}`;
    if (!policies.has(key)) policies.set(key, keptPolicy(dataSource, p.policyId, p.policyVersion));
    return policies.get(key)!;
  };
  const starts = new Map<string, Date>();
  for (const { task, pathway } of rows.filter((r) => r.task.state === 'open')) {
    const policy = await policyOf(pathway);
    // The compiled bank holidays stand in for the pathway's pinned ones: they differ only for a
    // working-day offset across a holiday announced after registration, and the workflow's
    // refusal (which reads the pinned calendar) still stands behind the offer.
    const ctx = { releaseDate: pathway.releaseDay, registeredAt: pathway.registeredAt, createdAt: task.issuedAt, calendar: COMPILED_CALENDAR };
    const from = notYetStartable(policy, task.type as TaskType, ctx, now);
    if (from) starts.set(task.id, from);
  }
  return starts;
}

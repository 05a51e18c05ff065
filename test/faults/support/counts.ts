/**
 * The check every fault scenario ends with, counted from PostgreSQL (as the schema's owner,
 * which reads every table) and from Temporal: every accepted registration has exactly one
 * pathway and one running workflow, and no pathway is half-written (a row without its
 * workflow, or a workflow without its row); every task the workflows hold exists once; every
 * escalation the seconds policy requires was raised exactly once; no request that got a 2xx
 * was lost; no audit line was written twice; no stalled registration was started twice by
 * the sweeps of the two workers.
 */
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import pg from 'pg';
import { loadConfig } from '@throughcare/config';
import { dataConverter } from '@throughcare/temporal';
import { pathwayQuery, pathwayWorkflowId } from '@throughcare/workflows/pathway';
import type { Load } from './load';
import type { Topology } from './production-like';

const LADDER = ['reminder', 'L1', 'L2', 'L3'];

export interface Counts {
  /** Registrations that got a 2xx (after the retries, all of them). */
  accepted: number;
  /** Of those, with no pathway row, or no running workflow. */
  lost: string[];
  /** Prison numbers with more than one pathway; pathways with more than one task of a type, or an escalation level raised twice. */
  duplicated: string[];
  /** Pathway rows without a running workflow, workflows without a row, registrations never started. */
  halfWritten: string[];
  /** Task ids the workflows hold that PostgreSQL does not, or holds other than once. */
  tasksMissing: string[];
  /** Task actions answered 2xx whose task is not done. */
  actionsLost: string[];
  /** Audit lines with a 2xx status beyond the requests that could have written them, or fewer than the 2xx answers. */
  auditMismatches: string[];
  escalationsRequired: number;
  escalationsRaised: number;
  /** Escalation keys the ladder required that were not raised. */
  escalationsMissing: string[];
  /** Per escalation raised: how long after it fell due it was stored, in ms, and when it fell due. */
  escalationLateness: Array<{ dueAt: number; lateMs: number }>;
  /** Pathways whose workflow the stalled-registration sweep started, by the instance that did (from the audit trail). */
  sweptBy: Map<string, string>;
}

/** Counts everything; `problems` lists every broken invariant, empty when all hold. */
export async function count(topology: Topology, load: Load): Promise<{ counts: Counts; problems: string[] }> {
  const db = new pg.Client({ connectionString: topology.ownerDatabaseUrl });
  await db.connect();
  const connection = await Connection.connect({ address: topology.temporalAddress });
  const client = new Client({ connection, dataConverter: dataConverter(loadConfig({ DATABASE_URL: 'unused', TEMPORAL_ADDRESS: topology.temporalAddress, ...topology.payloadKeys })) });
  try {
    return await countWith(db, client, load);
  } finally {
    await db.end();
    await connection.close();
  }
}

async function countWith(db: pg.Client, client: Client, load: Load): Promise<{ counts: Counts; problems: string[] }> {
  const counts: Counts = {
    accepted: 0,
    lost: [],
    duplicated: [],
    halfWritten: [],
    tasksMissing: [],
    actionsLost: [],
    auditMismatches: [],
    escalationsRequired: 0,
    escalationsRaised: 0,
    escalationsMissing: [],
    escalationLateness: [],
    sweptBy: new Map(),
  };

  // Pathways and registrations.
  const pathways = (await db.query(`SELECT p.id, p.status, s.prison_number FROM pathways p JOIN persons s ON s.id = p.person_id`)).rows as Array<{ id: string; status: string; prison_number: string }>;
  const byNumber = new Map<string, typeof pathways>();
  for (const p of pathways) byNumber.set(p.prison_number, [...(byNumber.get(p.prison_number) ?? []), p]);
  for (const r of load.registrations) {
    if (!r.pathwayId) continue;
    counts.accepted++;
    const rows = byNumber.get(r.prisonNumber) ?? [];
    if (rows.length > 1) counts.duplicated.push(`${r.prisonNumber}: ${rows.length} pathways`);
    if (!rows.some((p) => p.id === r.pathwayId)) counts.lost.push(`registration ${r.prisonNumber} (pathway ${r.pathwayId}): no row`);
  }
  for (const [number, rows] of byNumber) if (rows.length > 1 && !load.registrations.some((r) => r.prisonNumber === number)) counts.duplicated.push(`${number}: ${rows.length} pathways`);

  // Each row has its running workflow; each workflow its row.
  const views = new Map<string, { tasks: Array<{ id: string; type: string }> }>();
  for (const p of pathways) {
    if (p.status !== 'active') {
      counts.halfWritten.push(`pathway ${p.id} is ${p.status}`);
      continue;
    }
    const handle = client.workflow.getHandle(pathwayWorkflowId(p.id));
    try {
      const { status } = await handle.describe();
      if (status.name !== 'RUNNING') counts.halfWritten.push(`pathway ${p.id}: workflow ${status.name}`);
      else views.set(p.id, await handle.query(pathwayQuery));
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
      counts.halfWritten.push(`pathway ${p.id}: no workflow`);
      if (load.registrations.some((r) => r.pathwayId === p.id)) counts.lost.push(`pathway ${p.id}: accepted, no workflow`);
    }
  }
  const ids = new Set(pathways.map((p) => pathwayWorkflowId(p.id)));
  for await (const execution of client.workflow.list({ query: `WorkflowType = 'pathwayWorkflow'` })) {
    if (!ids.has(execution.workflowId)) counts.halfWritten.push(`workflow ${execution.workflowId}: no pathway row`);
  }

  // Tasks: once each, as the workflows hold them.
  const taskRows = (await db.query(`SELECT id, pathway_id, type, state FROM tasks`)).rows as Array<{ id: string; pathway_id: string; type: string; state: string }>;
  const taskCount = new Map<string, number>();
  for (const t of taskRows) taskCount.set(t.id, (taskCount.get(t.id) ?? 0) + 1);
  const typeCount = new Map<string, number>();
  for (const t of taskRows) typeCount.set(`${t.pathway_id}/${t.type}`, (typeCount.get(`${t.pathway_id}/${t.type}`) ?? 0) + 1);
  for (const [key, n] of typeCount) if (n > 1) counts.duplicated.push(`pathway/task type ${key}: ${n} tasks`);
  for (const [pathwayId, view] of views) {
    for (const task of view.tasks) if (taskCount.get(task.id) !== 1) counts.tasksMissing.push(`${pathwayId}/${task.type}: stored ${taskCount.get(task.id) ?? 0} times`);
  }
  const state = new Map(taskRows.map((t) => [t.id, t.state]));
  for (const a of load.actions) if (a.done && state.get(a.taskId) !== 'done') counts.actionsLost.push(`${a.taskType} ${a.taskId}: ${state.get(a.taskId) ?? 'missing'}`);

  // Escalations: the whole ladder on every open acceptance step of the seconds policy, once per level.
  const escalations = (await db.query(`SELECT task_id, level, due_at, created_at FROM escalations WHERE task_id IS NOT NULL`)).rows as Array<{ task_id: string; level: string; due_at: Date; created_at: Date }>;
  const levels = new Map<string, string[]>();
  for (const e of escalations) levels.set(e.task_id, [...(levels.get(e.task_id) ?? []), e.level]);
  for (const [taskId, raised] of levels) {
    for (const level of new Set(raised)) if (raised.filter((l) => l === level).length > 1) counts.duplicated.push(`task ${taskId}: ${level} raised ${raised.filter((l) => l === level).length} times`);
  }
  const fastPathways = new Set(load.registrations.filter((r) => r.fast && r.pathwayId).map((r) => r.pathwayId!));
  const acceptances = taskRows.filter((t) => t.type === 'referral-acceptance' && t.state === 'open' && fastPathways.has(t.pathway_id));
  for (const task of acceptances) {
    counts.escalationsRequired += LADDER.length;
    for (const level of LADDER) if (!(levels.get(task.id) ?? []).includes(level)) counts.escalationsMissing.push(`${task.id}/${level}`);
  }
  const required = new Set(acceptances.map((t) => t.id));
  for (const e of escalations) {
    if (!required.has(e.task_id)) continue;
    counts.escalationsRaised++;
    counts.escalationLateness.push({ dueAt: e.due_at.getTime(), lateMs: e.created_at.getTime() - e.due_at.getTime() });
  }

  // Audit: each request writes at most one line, and every 2xx answer has its line.
  const audit = (await db.query(
    `SELECT action, coalesce(task_id::text, pathway_id::text) AS target, count(*)::int AS n FROM audit_log
      WHERE action IN ('pathway.register', 'task.complete') AND status < 300 GROUP BY 1, 2`,
  )).rows as Array<{ action: string; target: string; n: number }>;
  const lines = new Map(audit.map((a) => [`${a.action}/${a.target}`, a.n]));
  const expect = new Map<string, { ok: number; unanswered: number }>();
  for (const s of load.sent) {
    const registration = s.kind === 'register' ? load.registrations.find((r) => r.prisonNumber === s.target) : undefined;
    const target = s.kind === 'register' ? registration?.pathwayId : s.target;
    if (!target) continue;
    const key = `${s.kind === 'register' ? 'pathway.register' : 'task.complete'}/${target}`;
    const e = expect.get(key) ?? { ok: 0, unanswered: 0 };
    if (typeof s.status === 'number' && s.status < 300) e.ok++;
    else if (typeof s.status !== 'number') e.unanswered++; // the process may have written its line and died before answering
    expect.set(key, e);
  }
  for (const [key, e] of expect) {
    const n = lines.get(key) ?? 0;
    if (n < e.ok || n > e.ok + e.unanswered) counts.auditMismatches.push(`${key}: ${n} lines for ${e.ok} answers 2xx and ${e.unanswered} unanswered`);
  }

  // The sweep, run by both workers at once, starts a stalled registration once: its audit line says so.
  const swept = (await db.query(
    `SELECT pathway_id, count(*)::int AS n, min(correlation_id) AS instance FROM audit_log WHERE action = 'pathway.recovery-start' GROUP BY 1`,
  )).rows as Array<{ pathway_id: string; n: number; instance: string }>;
  for (const s of swept) {
    counts.sweptBy.set(s.pathway_id, s.instance);
    if (s.n > 1) counts.duplicated.push(`pathway ${s.pathway_id}: started by the sweep ${s.n} times`);
  }

  const problems = [
    ...counts.lost.map((x) => `lost: ${x}`),
    ...counts.duplicated.map((x) => `duplicated: ${x}`),
    ...counts.halfWritten.map((x) => `half-written: ${x}`),
    ...counts.tasksMissing.map((x) => `task: ${x}`),
    ...counts.actionsLost.map((x) => `action lost: ${x}`),
    ...counts.auditMismatches.map((x) => `audit: ${x}`),
    ...counts.escalationsMissing.map((x) => `escalation not raised: ${x}`),
  ];
  return { counts, problems };
}

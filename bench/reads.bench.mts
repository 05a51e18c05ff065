/**
 * `npm run bench:reads`: the everyday reads at national scale (issue 15: 100,000 pathways,
 * 1,000,000 tasks and 2,000,000 audit lines; p95 under 20 ms each, and no plan that reads
 * tasks or the audit log in full). Seeds the read model and audit log directly in SQL,
 * starts the built API, and times each read over HTTP as the caller who uses it, against a
 * baseline measured in the same run: one task by id, the cheapest audited read of the same
 * tables (a primary-key read and one audit line).
 *
 * The plans are checked on the same data: each route's service runs once in this process
 * against the seeded database, with a TypeORM logger that keeps the SQL it sends, and each
 * statement is explained with its parameters. A sequential scan of `tasks` or `audit_log`
 * fails the benchmark.
 *
 *   BENCH_READS_PATHWAYS (106000, about 1,000,000 tasks)  BENCH_READS_AUDIT_ROWS (2000000)
 *   BENCH_READS_RUNS (50)  BENCH_READS_DEEP_PAGE (100: the page of the done worklist timed as deep)
 */
import { createRequire } from 'node:module';
import pg from 'pg';
import { signDevelopmentToken } from '../libs/auth/src/development-token.ts';
import { machine, table, writeSection } from './lib/benchmarks-file.mts';
import { root, runBenchmark } from './lib/bench-system.mts';
import { AREAS, areaCode, orgCode, seedAtScale, summaryFolded } from './lib/seed-at-scale.mts';

const pathways = Number(process.env.BENCH_READS_PATHWAYS ?? 106_000);
const auditRows = Number(process.env.BENCH_READS_AUDIT_ROWS ?? 2_000_000);
const runs = Number(process.env.BENCH_READS_RUNS ?? 50);
const deepPage = Number(process.env.BENCH_READS_DEEP_PAGE ?? 100);
const TARGET_MS = 20;
/** Tables a read must never scan in full: they grow with every pathway and every read. */
const NEVER_SCANNED = ['tasks', 'audit_log'];

interface User {
  sub: string;
  name: string;
  org: string;
  roles: string[];
}

/** The API's read services, loaded from the build; only their read methods are called. */
interface Service {
  list?(user: User, query: object): Promise<unknown>;
  get?(user: User, id: string): Promise<unknown>;
  auditTrail?(user: User, id: string): Promise<unknown>;
}
type Services = Record<'tasks' | 'pathways' | 'escalations', Service>;
type QueryDtos = Record<'tasks' | 'pathways' | 'escalations', new () => object>;

interface Read {
  url: string;
  caller: string;
  /** The same read through its service, for its SQL. */
  plan: (services: Services, dtos: QueryDtos) => Promise<unknown>;
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * Times every piece of work `runs` times, round by round (each once per round, in turn), so
 * that a busy spell on this shared machine falls on all of them alike, baseline included.
 */
async function timeInterleaved(works: Record<string, () => Promise<void>>): Promise<Record<string, { p50: number; p95: number }>> {
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(works).map((name) => [name, []]));
  for (let round = -3; round < runs; round++) {
    for (const [name, work] of Object.entries(works)) {
      const started = performance.now();
      await work();
      // The first three rounds warm: plans cached, pages in memory.
      if (round >= 0) samples[name].push(performance.now() - started);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([name, times]) => [name, { p50: percentile(times, 50), p95: percentile(times, 95) }]));
}

/** The scans in an EXPLAIN (FORMAT JSON) plan, as `Node Type on relation [using index]`. */
function scansOf(node: Record<string, unknown>, into: string[] = []): string[] {
  const type = String(node['Node Type']);
  if (typeof node['Relation Name'] === 'string') {
    into.push(`${type} on ${node['Relation Name']}${typeof node['Index Name'] === 'string' ? ` using ${node['Index Name']}` : ''}`);
  }
  for (const child of (node.Plans as Array<Record<string, unknown>> | undefined) ?? []) scansOf(child, into);
  return into;
}

// One caller makes thousands of reads a minute here: the per-caller rate limit is lifted.
await runBenchmark('throughcare_bench_reads', { REGISTRATION_RECOVERY_SECONDS: '3600', RATE_LIMIT_PER_MINUTE: '1000000' }, async ({ services, env, apiUrl, spawn, apiAnswering }) => {
  console.log(`Seeding ${pathways.toLocaleString('en-GB')} pathways and ${auditRows.toLocaleString('en-GB')} audit lines`);
  const seeded = await seedAtScale(services.databaseUrl, { pathways, auditRows });
  console.log(`  ${seeded.tasks.toLocaleString('en-GB')} tasks, ${seeded.auditRows.toLocaleString('en-GB')} audit lines in ${seeded.seconds.toFixed(1)} s`);

  spawn('api');
  await apiAnswering();

  const db = new pg.Client({ connectionString: services.databaseUrl });
  await db.connect();
  // The reads are timed once the seeded closed pathways are folded into the handover-step
  // summary. The worker does that (every minute, on a Temporal Schedule); none runs here, so
  // the benchmark folds them once itself, as the worker would.
  await foldHandoverSummary(services.databaseUrl);
  await summaryFolded(db);

  // The callers: the first prison, area and organisations of the seed; each sees about 1/30 of it.
  const users: Record<string, User> = {
    prison: { sub: 'bench-prison', name: 'Bench', org: orgCode('P', 1), roles: ['prison-healthcare'] },
    service: { sub: 'bench-service', name: 'Bench', org: orgCode('CTS', 1), roles: ['community-treatment'] },
    probation: { sub: 'bench-probation', name: 'Bench', org: orgCode('PDU', 1), roles: ['probation'] },
    commissioner: { sub: 'bench-commissioner', name: 'Bench', org: orgCode('LA', 1), roles: ['commissioner'] },
    admin: { sub: 'bench-admin', name: 'Bench', org: 'THC-OPS', roles: ['admin'] },
  };
  const tokens = Object.fromEntries(await Promise.all(Object.entries(users).map(async ([k, u]) => [k, await signDevelopmentToken({ org: u.org, roles: u.roles, sub: u.sub })])));
  // A pathway in progress, held by the prison, with escalations: the detail page staff open most.
  const { rows: picked } = await db.query(
    `SELECT p.id, (SELECT t.id FROM tasks t WHERE t.pathway_id = p.id ORDER BY t.due_at LIMIT 1) AS task_id
       FROM pathways p WHERE p.prison_code = $1 AND p.status = 'active'
        AND EXISTS (SELECT 1 FROM escalations e WHERE e.pathway_id = p.id) ORDER BY p.id LIMIT 1`,
    [users.prison.org],
  );
  const { rows: window } = await db.query(`SELECT (current_date - 60)::text AS from, (current_date + 30)::text AS to`);
  await db.end();
  if (picked.length === 0) throw new Error('no active pathway with escalations in the seed');
  const pathwayId: string = picked[0].id;
  const taskId: string = picked[0].task_id;

  const get = async (url: string, caller: string): Promise<{ nextCursor?: string | null; items?: unknown[] }> => {
    const res = await fetch(`${apiUrl}${url}`, { headers: { authorization: `Bearer ${tokens[caller]}` } });
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { nextCursor?: string | null; items?: unknown[] };
  };
  // The deep page: reached by following cursors, as a client paging through would.
  let deepCursor: string | undefined;
  for (let page = 1; page < deepPage; page++) {
    const answer = await get(`/v1/tasks?state=done${deepCursor ? `&cursor=${deepCursor}` : ''}`, 'prison');
    if (!answer.nextCursor) throw new Error(`the prison's done worklist has fewer than ${deepPage} pages`);
    deepCursor = answer.nextCursor;
  }

  // Each read: its URL, its caller, and the same read through its service (for the plans).
  const query = (dto: new () => object, values: Record<string, unknown>) => Object.assign(new dto(), values);
  const listOf =
    (kind: 'tasks' | 'pathways' | 'escalations') =>
    (values: Record<string, unknown>, caller: keyof typeof users): Read['plan'] =>
    (s, d) =>
      s[kind].list!(users[caller], query(d[kind], values));
  const [taskList, pathwayList, escalationList] = [listOf('tasks'), listOf('pathways'), listOf('escalations')];
  const reads: Record<string, Read> = {
    'worklist, first page, as a community treatment service': { url: '/v1/tasks', caller: 'service', plan: taskList({}, 'service') },
    'worklist, first page, as a prison': { url: '/v1/tasks', caller: 'prison', plan: taskList({}, 'prison') },
    'worklist, overdue, as a prison': { url: '/v1/tasks?state=overdue', caller: 'prison', plan: taskList({ state: 'overdue' }, 'prison') },
    [`worklist, done, page ${deepPage} (by cursor), as a prison`]: {
      url: `/v1/tasks?state=done&cursor=${deepCursor}`,
      caller: 'prison',
      plan: taskList({ state: 'done', cursor: deepCursor }, 'prison'),
    },
    "a pathway's detail, as its prison": { url: `/v1/pathways/${pathwayId}`, caller: 'prison', plan: (s) => s.pathways.get!(users.prison, pathwayId) },
    'escalation list, as a community treatment service': { url: '/v1/escalations', caller: 'service', plan: escalationList({}, 'service') },
    'escalation list, open, as a community treatment service': { url: '/v1/escalations?state=open', caller: 'service', plan: escalationList({ state: 'open' }, 'service') },
    'escalation list, notified to me, as a prison': { url: '/v1/escalations?notifiedToMe=true', caller: 'prison', plan: escalationList({ notifiedToMe: true }, 'prison') },
    'escalation list, as a commissioner': { url: '/v1/escalations', caller: 'commissioner', plan: escalationList({}, 'commissioner') },
    'pathway list, as a prison': { url: '/v1/pathways', caller: 'prison', plan: pathwayList({}, 'prison') },
    'pathway list, status=active, as a prison': { url: '/v1/pathways?status=active', caller: 'prison', plan: pathwayList({ status: 'active' }, 'prison') },
    'pathway list, outcome=not-engaged, as a prison': { url: '/v1/pathways?outcome=not-engaged', caller: 'prison', plan: pathwayList({ outcome: 'not-engaged' }, 'prison') },
    'pathway list, prison=…, as a prison': { url: `/v1/pathways?prison=${users.prison.org}`, caller: 'prison', plan: pathwayList({ prison: users.prison.org }, 'prison') },
    'pathway list, area=…, as a prison': { url: `/v1/pathways?area=${areaCode(2)}`, caller: 'prison', plan: pathwayList({ area: areaCode(2) }, 'prison') },
    'pathway list, releaseFrom and releaseTo (90 days), as a prison': {
      url: `/v1/pathways?releaseFrom=${window[0].from}&releaseTo=${window[0].to}`,
      caller: 'prison',
      plan: pathwayList({ releaseFrom: window[0].from, releaseTo: window[0].to }, 'prison'),
    },
    'pathway list, as a commissioner (its area)': { url: '/v1/pathways', caller: 'commissioner', plan: pathwayList({}, 'commissioner') },
    'pathway list, area=…, as a commissioner': { url: `/v1/pathways?area=${areaCode(1)}`, caller: 'commissioner', plan: pathwayList({ area: areaCode(1) }, 'commissioner') },
    'pathway list, status=active, as probation': { url: '/v1/pathways?status=active', caller: 'probation', plan: pathwayList({ status: 'active' }, 'probation') },
    "a pathway's audit trail, as an admin": {
      url: `/v1/pathways/${pathwayId}/audit`,
      caller: 'admin',
      plan: (s) => s.pathways.auditTrail!(users.admin, pathwayId),
    },
  };

  const BASELINE = 'baseline';
  const timings = await timeInterleaved({
    [BASELINE]: async () => void (await get(`/v1/tasks/${taskId}`, 'prison')),
    ...Object.fromEntries(Object.entries(reads).map(([name, read]) => [name, async () => void (await get(read.url, read.caller))])),
  });
  const baseline = timings[BASELINE];
  // After the timings, so that the plans' own times are those of warm pages, as the reads had.
  const plans = await checkPlans(env.DATABASE_URL!, reads);
  const lines: Record<string, string> = {
    seeded: `${pathways.toLocaleString('en-GB')} pathways, ${seeded.tasks.toLocaleString('en-GB')} tasks, ${seeded.auditRows.toLocaleString('en-GB')} audit lines (${AREAS} prisons, ${AREAS} areas)`,
    'baseline: one task by id (`GET /v1/tasks/{id}`), as a prison': `p50 ${baseline.p50.toFixed(1)} ms, p95 ${baseline.p95.toFixed(1)} ms`,
  };
  const planLines: Record<string, string> = {};
  let met = true;
  for (const name of Object.keys(reads)) {
    const timing = timings[name];
    const plan = plans[name];
    const fast = timing.p95 < TARGET_MS;
    met &&= fast && plan.ok;
    lines[name] =
      `p50 ${timing.p50.toFixed(1)} ms, p95 ${timing.p95.toFixed(1)} ms (× baseline: p50 ${(timing.p50 / baseline.p50).toFixed(2)}, p95 ${(timing.p95 / baseline.p95).toFixed(2)})` +
      `${fast ? '' : ' **over target**'}${plan.ok ? '' : ` **${plan.offending.join(', ')}**`}`;
    planLines[name] = `${plan.scans.join('; ')} (${plan.sqlMs.toFixed(1)} ms in PostgreSQL)`;
    console.log(`  ${name}: p95 ${timing.p95.toFixed(1)} ms${plan.ok ? '' : `, ${plan.offending.join(', ')}`}`);
  }
  lines[`target: every p95 under ${TARGET_MS} ms, no sequential scan of ${NEVER_SCANNED.join(' or ')}`] = met ? 'met' : '**not met**';
  writeSection(
    'Reads at scale',
    [
      `Issue 15: the worklist (first page and a deep page), a pathway's detail, the escalation list and the pathway list with each filter, over HTTP as the caller who uses each (\`bench/reads.bench.mts\`), one request at a time, ${runs} rounds after three warm-up rounds, each round every read once in turn, baseline included, so that the machine's busy spells fall on all alike; every read writes its audit lines, so that write is in each figure.`,
      `Seeded directly in SQL (\`bench/lib/seed-at-scale.mts\`): days of release over two and a half years and two months ahead, outcomes, lateness, escalations, and the audit log of the pathways' organisations reading and acting over each pathway's life. Each caller is one of 30 organisations of its kind.`,
      `Baseline in the same run: one task by id, the cheapest audited read of the same tables (a primary-key read and one audit line).`,
      `Plans: each read's SQL, captured from its service run in the benchmark's process against the seeded database, explained with its parameters; a sequential scan of \`tasks\` or \`audit_log\` fails the benchmark.`,
      '',
      `Run on ${new Date().toISOString().slice(0, 10)}: ${machine()}; PostgreSQL on the same machine. Command: \`npm run bench:reads\`.`,
      '',
      table(lines),
      '',
      'What each read scans (every statement of its service, in order), and the time PostgreSQL took to plan and run them (`EXPLAIN ANALYZE`, the fastest of five):',
      '',
      table(planLines).replace('| measure | value |', '| read | scans |'),
    ].join('\n'),
  );
  console.log('Written to docs/benchmarks.md');
  return met;
});

/** Folds the settled pathways into the handover-step summary with the worker's own code, from the build. */
async function foldHandoverSummary(databaseUrl: string): Promise<void> {
  const require = createRequire(`${root}/dist/`);
  const { DataSource } = require('typeorm');
  const { dataSourceOptions } = require('./libs/persistence/src/index.js');
  const { HandoverStepSummary } = require('./apps/worker/src/maintenance/handover-step-summary.js');
  const dataSource = new DataSource(dataSourceOptions(databaseUrl, { poolSize: 1, applicationName: 'bench-fold' }));
  await dataSource.initialize();
  try {
    await new HandoverStepSummary(dataSource).refresh();
  } finally {
    await dataSource.destroy();
  }
}

/**
 * Runs each read's service once in this process, against the seeded database, logging the SQL
 * TypeORM sends; then explains every SELECT with its parameters.
 */
async function checkPlans(databaseUrl: string, reads: Record<string, Read>): Promise<Record<string, { ok: boolean; scans: string[]; offending: string[]; sqlMs: number }>> {
  const require = createRequire(`${root}/dist/`);
  const { DataSource } = require('typeorm');
  const { dataSourceOptions } = require('./libs/persistence/src/index.js');
  const { AuditService } = require('./libs/audit/src/index.js');
  const { TaskService } = require('./apps/api/src/tasks/task.service.js');
  const { PathwayService } = require('./apps/api/src/pathways/pathway.service.js');
  const { ContactService } = require('./apps/api/src/pathways/contact.service.js');
  const { EscalationService } = require('./apps/api/src/escalations/escalation.service.js');
  const { ListTasksQueryDto } = require('./apps/api/src/tasks/task.dto.js');
  const { ListPathwaysQueryDto } = require('./apps/api/src/pathways/list-pathways.dto.js');
  const { ListEscalationsQueryDto } = require('./apps/api/src/escalations/escalation.dto.js');

  let captured: Array<{ sql: string; parameters: unknown[] }> = [];
  const logger = {
    logQuery: (sql: string, parameters?: unknown[]) => void captured.push({ sql, parameters: parameters ?? [] }),
    logQueryError: () => undefined,
    logQuerySlow: () => undefined,
    logSchemaBuild: () => undefined,
    logMigration: () => undefined,
    log: () => undefined,
  };
  const dataSource = new DataSource({ ...dataSourceOptions(databaseUrl, { poolSize: 2, applicationName: 'bench-plans' }), logger });
  await dataSource.initialize();
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const services: Services = {
    // Only what the reads use: no workflow client, organisations, policies or config.
    tasks: new TaskService(dataSource, undefined),
    // No contact is seeded, so the contact service reads (its SQL is in the plans) and never opens one: no keys.
    pathways: new PathwayService(dataSource, undefined, new AuditService(dataSource), new ContactService(dataSource, undefined)),
    escalations: new EscalationService(dataSource),
  };
  const dtos: QueryDtos = { tasks: ListTasksQueryDto, pathways: ListPathwaysQueryDto, escalations: ListEscalationsQueryDto };
  const results: Record<string, { ok: boolean; scans: string[]; offending: string[]; sqlMs: number }> = {};
  try {
    for (const [name, read] of Object.entries(reads)) {
      captured = [];
      await read.plan(services, dtos);
      const scans: string[] = [];
      let sqlMs = 0;
      for (const { sql, parameters } of captured.filter((q) => /^\s*SELECT/i.test(q.sql))) {
        const { rows } = await db.query(`EXPLAIN (FORMAT JSON) ${sql}`, parameters);
        scans.push(...scansOf(rows[0]['QUERY PLAN'][0].Plan));
        // Reads only, so running them to time them changes nothing; the fastest of five, as
        // one run on this shared machine can take ten times as long as the next.
        const times: number[] = [];
        for (let i = 0; i < 5; i++) {
          const { rows: analysed } = await db.query(`EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) ${sql}`, parameters);
          times.push(analysed[0]['QUERY PLAN'][0]['Planning Time'] + analysed[0]['QUERY PLAN'][0]['Execution Time']);
        }
        sqlMs += Math.min(...times);
      }
      const offending = scans.filter((scan) => NEVER_SCANNED.some((t) => scan === `Seq Scan on ${t}`)).map((scan) => `${scan} in its plan`);
      results[name] = { ok: offending.length === 0, scans, offending, sqlMs };
    }
  } finally {
    await db.end();
    await dataSource.destroy();
  }
  return results;
}

/**
 * The fault suite, on the production topology (scripts/start-production-like.mts): the real
 * Temporal server on the topology's own PostgreSQL, two APIs and two workers, NODE_ENV=production.
 * Each scenario puts a fault under load (a burst of registrations and referrals completed, and
 * pathways on the seconds policy whose escalations fall due during the fault), then retries
 * what got no 2xx with the same key, and ends with the counting check (support/counts.ts).
 * Scenario 1 also leaves registrations no client retries, for the two workers' stalled-registration
 * sweeps to race for; scenario 4 deploys changed workflow code to both workers. Scenarios 5 and 6
 * put faults under HMPPS domain events (releases published to the topology's goaws): the broker
 * killed while they flow, and both workers killed while they hold received messages; each ends
 * with every release applied exactly once, counted in PostgreSQL and in the workflows' histories.
 * The figures each prints are those in docs/reliability.md.
 */
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { pathwayWorkflowId } from '@throughcare/workflows/pathway';
import { count, Counts } from './support/counts';
import { Applied, appliedOnce, appliedReleases, Publisher } from './support/events';
import { Load, Registration, REQUEST_BOUND_MS, Sent } from './support/load';
import { startTopology, Topology } from './support/production-like';
import { buildChangedBundle, ChangedBundle, changedCodeTimers, failedWorkflowTasks } from '../support/changed-workflow';
import { FAST_AREA, FAST_POLICY } from '../support/fast-policy';
import { sleep } from '../support/api-client';
import { confirmedRelease } from '../intake/hmpps-events';


/** The answers a request under fault may get: a 2xx, or 503 with a problem. */
function unacceptable(sent: Sent[]): Sent[] {
  return sent.filter((s) => typeof s.status !== 'number' || (s.status >= 300 && s.status !== 503) || (s.status === 503 && !s.contentType?.startsWith('application/problem+json')));
}

describe('the production-like topology under faults', () => {
  let topology: Topology;
  const figures: string[] = [];
  /** The workflow code deployed in scenario 4: kept until the end, since later scenarios start the workers on it again. */
  let changed: ChangedBundle | undefined;

  beforeAll(async () => {
    topology = await startTopology({
      // Seconds, not the deployed minutes, so a registration stalled by a fault is swept up within the scenario.
      REGISTRATION_RECOVERY_SECONDS: '10',
      UPDATE_TIMEOUT_SECONDS: '10',
      // A message held by a worker that dies comes back within seconds; a receive waits a second at most.
      HMPPS_EVENTS_VISIBILITY_SECONDS: '5',
      HMPPS_EVENTS_WAIT_SECONDS: '1',
      LOG_LEVEL: 'warn',
    });
    const admin = await topology.token('THC-OPS', 'admin');
    const headers = { authorization: `Bearer ${admin}`, 'content-type': 'application/json' };
    const created = await fetch(`${topology.apiUrls[0]}/v1/policies`, { method: 'POST', headers, body: JSON.stringify(FAST_POLICY) });
    expect(created.status).toBe(201);
    const assigned = await fetch(`${topology.apiUrls[1]}/v1/areas/${FAST_AREA}/policy`, { method: 'PUT', headers, body: JSON.stringify({ policyId: FAST_POLICY.id }) });
    expect(assigned.status).toBe(200);
    figures.push(`Temporal server start: ${(topology.temporalStartTimes[0] / 1000).toFixed(1)} s to serve its namespace`);
  }, 20 * 60_000);

  afterAll(async () => {
    process.stdout.write(`\nFault suite figures:\n${figures.map((f) => `  ${f}`).join('\n')}\n\n`);
    await topology?.stop();
    changed?.remove();
  }, 60_000);

  /** Pathways on the seconds policy with their referral done: each acceptance step's ladder falls due 3 to 12 s later. */
  async function ladders(load: Load, n: number): Promise<void> {
    await Promise.all(
      Array.from({ length: n }, async () => {
        const registration = await load.register(true);
        expect(registration.pathwayId).toBeDefined();
        const action = await load.complete(registration, 'referral');
        expect(action?.done).toBe(true);
      }),
    );
  }

  /** The check, once everything the fault delayed has had time to happen: every invariant, or the last problems seen. */
  async function settled(load: Load): Promise<Counts> {
    const deadline = Date.now() + 90_000;
    for (;;) {
      const { counts, problems } = await count(topology, load);
      if (problems.length === 0) return counts;
      if (Date.now() > deadline) throw new Error(`after the fault:\n  ${problems.slice(0, 30).join('\n  ')}`);
      await sleep(2000);
    }
  }

  function report(name: string, load: Load, counts: Counts, fault: { from: number; to: number }, extra: string[] = []): void {
    const under = load.during(fault.from, fault.to);
    const byStatus = new Map<string, number>();
    for (const s of under) {
      const answer = s.problemType ? `${s.status} ${s.problemType.split('/').at(-1)}` : String(s.status);
      byStatus.set(answer, (byStatus.get(answer) ?? 0) + 1);
    }
    const late = counts.escalationLateness.filter((e) => e.dueAt >= fault.from && e.dueAt < fault.to).map((e) => e.lateMs);
    const after = counts.escalationLateness.filter((e) => e.dueAt >= fault.to).map((e) => e.lateMs);
    const slowest = under.reduce((max, s) => Math.max(max, s.ms), 0);
    figures.push(
      `${name}: ${under.length} requests under fault (${[...byStatus].map(([s, n]) => `${s}: ${n}`).join(', ')}; slowest answer ${(slowest / 1000).toFixed(1)} s); ` +
        `${load.sent.length} requests in the scenario, retries included, ${counts.accepted} registrations accepted; lost 0, duplicated 0; ` +
        `escalations required ${counts.escalationsRequired}, raised ${counts.escalationsRaised}; ` +
        `${late.length} fell due during the fault, raised late by ${stats(late)}; ${after.length} due after it, late by ${stats(after)}` +
        (extra.length ? `; ${extra.join('; ')}` : ''),
    );
  }

  it('1. the Temporal server killed with SIGKILL mid-burst and started again 20 s later', async () => {
    const load = new Load(topology, 1);
    await ladders(load, 6);
    const before = load.registrations.map((r) => r.pathwayId);
    const fault = { from: 0, to: 0 };
    const abandoned: Registration[] = [];
    const outage = (async () => {
      await sleep(1500);
      fault.from = Date.now();
      await topology.kill('temporal');
      // Registrations whose clients give up at the 503: kept, workflow-less, for both workers' sweeps to race for.
      const giveUp = (async () => {
        await sleep(1000);
        abandoned.push(...(await Promise.all(Array.from({ length: 12 }, (_, i) => load.register(false, topology.apiUrls[i % 2], true)))));
      })();
      await sleep(20_000);
      await giveUp;
      await topology.start('temporal');
      fault.to = Date.now();
      await sleep(3000);
    })();
    await Promise.all([load.burst(outage), outage]);
    await load.retryUnanswered();
    const counts = await settled(load);

    const under = load.during(fault.from, fault.to);
    expect(unacceptable(under)).toEqual([]);
    expect(under.filter((s) => s.status === 503).length).toBeGreaterThan(0);
    expect(under.every((s) => s.ms < REQUEST_BOUND_MS)).toBe(true);
    expect(before.every(Boolean)).toBe(true);
    expect(counts.escalationLateness.filter((e) => e.dueAt >= fault.from && e.dueAt < fault.to).length).toBeGreaterThan(0);
    // Nobody retried the abandoned: each was started by a sweep, once (a second start is a duplicate in the check).
    expect(abandoned.map((r) => r.pathwayId)).toEqual(abandoned.map(() => undefined));
    const abandonedIds = await pathwayIdsOf(abandoned.map((r) => r.prisonNumber));
    expect(abandonedIds).toHaveLength(abandoned.length);
    expect(abandonedIds.filter((id) => !counts.sweptBy.has(id))).toEqual([]);
    const instances = new Map<string, number>();
    for (const instance of counts.sweptBy.values()) instances.set(instance, (instances.get(instance) ?? 0) + 1);
    report('Temporal killed for 20 s', load, counts, fault, [
      `restart took ${(topology.temporalStartTimes.at(-1)! / 1000).toFixed(1)} s`,
      `${abandoned.length} registrations abandoned at their 503 and ${counts.sweptBy.size - abandoned.length} others were started by the two workers' sweeps (${[...instances.values()].join(' and ')} by each instance), each once`,
    ]);
  }, 6 * 60_000);

  it('2. PostgreSQL shut down immediately for 30 s and started again', async () => {
    const load = new Load(topology, 2);
    await ladders(load, 6);
    const fault = { from: 0, to: 0 };
    const health: Array<{ status: number; down: string[]; body?: string }> = [];
    const outage = (async () => {
      await sleep(1500);
      fault.from = Date.now();
      await topology.stopPostgres();
      while (Date.now() - fault.from < 30_000) {
        health.push(await healthOf(topology.apiUrls[health.length % 2]));
        await sleep(1000);
      }
      await topology.startPostgres();
      fault.to = Date.now();
      await sleep(3000);
    })();
    await Promise.all([load.burst(outage), outage]);
    await load.retryUnanswered(90_000);
    const counts = await settled(load);

    const under = load.during(fault.from, fault.to);
    expect(unacceptable(under)).toEqual([]);
    expect(under.filter((s) => s.status === 503).length).toBeGreaterThan(0);
    // /health says which part is down: PostgreSQL, through the whole outage. A poll takes up to
    // its checks' 1.5 s bound (Temporal's persistence check waits it out) and a second between.
    expect(health.length).toBeGreaterThan(10);
    expect(health.filter((h) => !(h.status === 503 && h.down.includes('postgres')))).toEqual([]);
    // Temporal keeps its data in the same cluster: its port stays open, yet /health says it cannot work.
    const temporalDown = health.filter((h) => h.down.includes('temporal')).length;
    expect(temporalDown).toBeGreaterThan(health.length / 2);
    expect(topology.unexpectedExits).toEqual([]);
    report('PostgreSQL down for 30 s', load, counts, fault, [
      `/health 503 naming postgres in ${health.length} of ${health.length} polls, and Temporal (whose persistence it is) in ${temporalDown}`,
    ]);
  }, 6 * 60_000);

  it('3. one worker killed while the other runs on, and one API killed mid-request while the other serves', async () => {
    const load = new Load(topology, 3);
    await ladders(load, 6);
    const fault = { from: 0, to: 0 };
    const cutOff: string[] = [];
    const faults = (async () => {
      await sleep(1500);
      fault.from = Date.now();
      await topology.kill('worker-1');
      await sleep(2000);
      // Registrations sent to the first API, which is killed while it works on them: retried on the other with their keys.
      const inFlight = [1, 2, 3, 4].map(() => load.register(false, topology.apiUrls[0]));
      await sleep(30);
      await topology.kill('api-1');
      cutOff.push(...(await Promise.all(inFlight)).filter((r) => !r.pathwayId).map((r) => r.key));
      await sleep(15_000);
      await Promise.all([topology.start('worker-1'), topology.start('api-1')]);
      fault.to = Date.now();
      await sleep(3000);
    })();
    await Promise.all([load.burst(faults), faults]);
    await load.retryUnanswered();
    const counts = await settled(load);

    const under = load.during(fault.from, fault.to);
    // The killed API's requests get no answer; the other's are all answered, within the bound.
    const served = under.filter((s) => s.api === topology.apiUrls[1]);
    expect(unacceptable(served)).toEqual([]);
    expect(served.filter((s) => typeof s.status === 'number' && s.status < 300).length).toBeGreaterThan(0);
    // Some were cut off mid-request, and every one of those was then registered once (the check above).
    expect(cutOff.length).toBeGreaterThan(0);
    report('a worker and an API killed', load, counts, fault, [
      `${cutOff.length} of 4 registrations cut off mid-request by the API's death, each then registered once through the other`,
      `${under.filter((s) => s.status === 'no-answer').length} requests in all got no answer`,
    ]);
  }, 6 * 60_000);

  it('4. both workers redeployed with changed workflow code while pathways sleep', async () => {
    // The change of test/support/changed-workflow.interceptors.ts, made by the rule for workflow changes in docs/operations.md (patched()).
    changed = await buildChangedBundle();
    const load = new Load(topology, 4);
    await ladders(load, 6);
    const asleep = load.registrations.map((r) => r.pathwayId!);
    const fault = { from: 0, to: 0 };
    const deploy = (async () => {
      await sleep(1500);
      fault.from = Date.now();
      // The deploy docs/operations.md describes: the old workers drain and stop, then the new ones start; the APIs serve throughout.
      await Promise.all([topology.kill('worker-1', 'SIGTERM'), topology.kill('worker-2', 'SIGTERM')]);
      await Promise.all([topology.start('worker-1', { WORKFLOW_BUNDLE_PATH: changed!.path }), topology.start('worker-2', { WORKFLOW_BUNDLE_PATH: changed!.path })]);
      fault.to = Date.now();
      await sleep(3000);
    })();
    await Promise.all([load.burst(deploy), deploy]);
    await load.retryUnanswered();
    const counts = await settled(load);

    expect(unacceptable(load.during(fault.from, fault.to))).toEqual([]);
    expect(topology.unexpectedExits).toEqual([]);
    // Asleep at the deploy, each replayed its past on the new code without a failed workflow task, and took the change.
    const histories = await historiesOf(asleep);
    expect(histories.map((h) => failedWorkflowTasks(h.events).length)).toEqual(asleep.map(() => 0));
    expect(histories.filter((h) => changedCodeTimers(h.events).length === 0).map((h) => h.pathwayId)).toEqual([]);
    report('both workers redeployed with changed code', load, counts, fault, [
      `the old workers drained and the new ones were spawned in ${((fault.to - fault.from) / 1000).toFixed(1)} s`,
      `${asleep.length} pathways asleep at it replayed on the new code, 0 workflow tasks failed, each took the change`,
    ]);
  }, 6 * 60_000);

  /** Registered pathways (on the default policy), each with a confirmed release to publish for it, occurring now. */
  async function releasable(scenario: number, n: number): Promise<Array<{ pathwayId: string; event: Record<string, unknown> }>> {
    const load = new Load(topology, scenario);
    await Promise.all(Array.from({ length: n }, () => load.register(false)));
    await load.retryUnanswered();
    return load.registrations.map((r) => ({ pathwayId: r.pathwayId!, event: confirmedRelease(r.prisonNumber, { prisonId: r.prison }) }));
  }

  /** Waits until every pathway's release is applied once (or the last state seen, after `timeoutMs`). */
  async function allAppliedOnce(pathwayIds: string[], timeoutMs = 120_000): Promise<Applied[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const applied = await appliedReleases(topology, pathwayIds);
      if (applied.length === pathwayIds.length && applied.every(appliedOnce)) return applied;
      if (Date.now() > deadline) {
        const exits = topology.unexpectedExits.map((e) => `${e.name} exited (${e.code ?? e.signal}): ${e.output.slice(-500)}`);
        throw new Error(`releases not applied once: ${JSON.stringify(applied.filter((a) => !appliedOnce(a)).slice(0, 10))}\n${exits.join('\n')}`);
      }
      await sleep(500);
    }
  }

  /** Each pathway's releases on its timeline (the API's view) and accepted recordRelease Updates in its history. */
  async function releasesSeen(pathwayIds: string[]): Promise<Array<{ timeline: number; updates: number }>> {
    const token = await topology.token('LEI', 'prison-healthcare');
    const histories = await historiesOf(pathwayIds);
    return Promise.all(
      pathwayIds.map(async (id, i) => {
        const res = await fetch(`${topology.apiUrls[i % 2]}/v1/pathways/${id}`, { headers: { authorization: `Bearer ${token}` } });
        const body = (await res.json()) as { timeline: Array<{ type: string }> };
        const updates = histories[i].events.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name === 'recordRelease').length;
        return { timeline: body.timeline.filter((e) => e.type === 'released').length, updates };
      }),
    );
  }

  /**
   * goaws keeps its queues in memory: killed, it loses every message it had accepted and not yet
   * seen deleted, which real SQS (durable, replicated) would have kept. So "nothing lost" here is
   * what a publisher and the inbox can make of it: the publisher tries again every Publish that
   * fails while goaws is down, and, after the restart, publishes again each release it had handed
   * to goaws that is not applied yet (as HMPPS re-emits after an incident; with real SQS that
   * step is not needed). The consumers must not wedge: they back off while goaws is down and
   * resume on the restarted one, which makes its topic and queue again from its YAML. The
   * republished releases carry new message ids: the inbox's business key keeps each to one.
   */
  it('5. goaws killed with SIGKILL while release events flow, and started again 10 s later', async () => {
    const releases = await releasable(5, 24);
    const publisher = new Publisher(topology.events);
    const acceptedAt = new Map<string, number>();
    const fault = { from: 0, to: 0 };
    try {
      const flow = (async () => {
        for (const release of releases) {
          acceptedAt.set(release.pathwayId, await publisher.publish(release.event));
          await sleep(250); // a steady flow, so that the kill and the restart fall inside it
        }
      })();
      const outage = (async () => {
        while (acceptedAt.size < 8) await sleep(50);
        fault.from = Date.now();
        await topology.kill('goaws');
        await sleep(10_000);
        await topology.start('goaws');
        fault.to = Date.now();
      })();
      await Promise.all([flow, outage]);

      const handedBefore = releases.filter((r) => acceptedAt.get(r.pathwayId)! < fault.from);
      // As HMPPS re-emits after an incident: every release not applied yet is published again,
      // those handed to goaws before the kill (lost with its memory) and any the restarting goaws
      // accepted before its subscription was back (seen once, on a busy machine). A release that
      // was only slow is then published twice: the inbox must keep it to one movement.
      const notApplied = new Set((await appliedReleases(topology, releases.map((r) => r.pathwayId))).filter((a) => !appliedOnce(a)).map((a) => a.pathwayId));
      const republished = releases.filter((r) => notApplied.has(r.pathwayId));
      for (const release of republished) await publisher.publish(release.event);
      const applied = await allAppliedOnce(releases.map((r) => r.pathwayId));
      const allDone = Date.now();

      // goaws was down for some Publishes, and releases were handed to it on both sides of the outage.
      expect(publisher.failedTries).toBeGreaterThan(0);
      expect(handedBefore.length).toBeGreaterThan(0);
      expect(releases.filter((r) => acceptedAt.get(r.pathwayId)! > fault.to).length).toBeGreaterThan(0);
      // Exactly once: one applied inbox row per movement, one audit line, one release on the timeline and in the history.
      expect(applied.map((a) => a.releaseAudits)).toEqual(releases.map(() => 1));
      expect(await releasesSeen(releases.map((r) => r.pathwayId))).toEqual(releases.map(() => ({ timeline: 1, updates: 1 })));
      // The consumers backed off and resumed: no worker died, and what was published after the restart was applied.
      expect(topology.unexpectedExits.filter((e) => e.name.startsWith('worker'))).toEqual([]);
      figures.push(
        `goaws killed for 10 s while ${releases.length} releases were published: ${publisher.failedTries} Publish tries failed while it was down; ` +
          `${handedBefore.length} handed to goaws before the kill; not applied once the flow ended and so published again: ${republished.length} (goaws keeps queues in memory), of them handed before the kill: ${republished.filter((r) => handedBefore.includes(r)).length}; ` +
          `every release applied once, the last ${((allDone - fault.to) / 1000).toFixed(1)} s after the restart`,
      );
    } finally {
      publisher.close();
    }
  }, 6 * 60_000);

  /**
   * Both workers die (SIGKILL) while they hold received messages, some with their inbox claims
   * open: the queue gives those messages again once their visibility timeout (5 s here) runs
   * out, the restarted workers find the claims, and the pathway Update's id (the message's)
   * answers the first Update's result rather than releasing twice.
   */
  it('6. both workers killed with SIGKILL while they hold received release events', async () => {
    const releases = await releasable(6, 30);
    const pathwayIds = releases.map((r) => r.pathwayId);
    const publisher = new Publisher(topology.events);
    const db = new pg.Client({ connectionString: topology.ownerDatabaseUrl });
    await db.connect();
    try {
      await Promise.all(releases.map((r) => publisher.publish(r.event)));
      // The moment a worker has claimed a movement and not yet finished it: kill both.
      const deadline = Date.now() + 60_000;
      for (;;) {
        const { rows } = await db.query(`SELECT count(*)::int AS n FROM intake_inbox WHERE pathway_id = ANY ($1) AND outcome = 'claimed'`, [pathwayIds]);
        if (rows[0].n > 0) break;
        if (Date.now() > deadline) throw new Error('no worker was seen holding a claimed release');
        await sleep(10);
      }
      await Promise.all([topology.kill('worker-1'), topology.kill('worker-2')]);
      const killedAt = Date.now();
      const atDeath = await appliedReleases(topology, pathwayIds);
      const held = atDeath.filter((a) => a.outcomes.claimed);
      await Promise.all([topology.start('worker-1'), topology.start('worker-2')]);
      const applied = await allAppliedOnce(pathwayIds);
      const allDone = Date.now();

      expect(held.length).toBeGreaterThan(0);
      expect(applied.map((a) => a.releaseAudits)).toEqual(releases.map(() => 1));
      expect(await releasesSeen(pathwayIds)).toEqual(releases.map(() => ({ timeline: 1, updates: 1 })));
      figures.push(
        `both workers killed holding ${held.length} claimed releases (${atDeath.filter(appliedOnce).length} of ${releases.length} applied before): ` +
          `all ${releases.length} applied once, the last ${((allDone - killedAt) / 1000).toFixed(1)} s after the kill (visibility timeout 5 s)`,
      );
    } finally {
      publisher.close();
      await db.end();
    }
  }, 6 * 60_000);

  async function pathwayIdsOf(prisonNumbers: string[]): Promise<string[]> {
    const db = new pg.Client({ connectionString: topology.ownerDatabaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query(`SELECT p.id FROM pathways p JOIN persons s ON s.id = p.person_id WHERE s.prison_number = ANY ($1)`, [prisonNumbers]);
      return rows.map((r: { id: string }) => r.id);
    } finally {
      await db.end();
    }
  }

  async function historiesOf(pathwayIds: string[]) {
    const connection = await Connection.connect({ address: topology.temporalAddress });
    try {
      const client = new Client({ connection });
      return await Promise.all(
        pathwayIds.map(async (pathwayId) => ({ pathwayId, events: (await client.workflow.getHandle(pathwayWorkflowId(pathwayId)).fetchHistory()).events ?? [] })),
      );
    } finally {
      await connection.close();
    }
  }
});

async function healthOf(api: string): Promise<{ status: number; down: string[]; body?: string }> {
  const res = await fetch(`${api}/health`, { signal: AbortSignal.timeout(REQUEST_BOUND_MS) });
  const text = await res.text();
  // A failing check is answered as a problem, each part's state under `checks`.
  const body = JSON.parse(text) as { checks?: Record<string, { status: string }> };
  const down = Object.entries(body.checks ?? {}).filter(([, check]) => check.status === 'down').map(([name]) => name);
  return { status: res.status, down, ...(res.status === 503 && down.includes('postgres') ? {} : { body: text.slice(0, 500) }) };
}

function stats(ms: number[]): string {
  if (ms.length === 0) return '-';
  const sorted = [...ms].sort((a, b) => a - b);
  return `median ${(sorted[Math.floor(sorted.length / 2)] / 1000).toFixed(1)} s, at most ${(sorted.at(-1)! / 1000).toFixed(1)} s`;
}

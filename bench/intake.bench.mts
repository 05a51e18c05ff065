/**
 * `npm run bench:intake`: HMPPS domain events through the real local SNS/SQS (goaws) into the
 * worker's consumer, with 10,000 open pathways (issue 23).
 *
 * 1. Events about people Throughcare does not know (most of the real topic): published while the
 *    worker is paused, then timed from its resuming until the queue is empty. Target ≥ 200/s.
 * 2. Confirmed releases of registered people, published at a steady 20 a second: the lag from each
 *    Publish to its pathway's change stored (the inbox row completed with the release recorded in
 *    the pathway's workflow). Target p99 < 5 s.
 * 3. The same number of releases again, all at once: applied releases a second. Target ≥ 20/s.
 *
 * The baseline, measured in the same run, is the queue itself: the same number of messages sent
 * and deleted by a bare SQS client with no work in between, so the ratio shows what Throughcare
 * adds to the queue's own cost on this machine.
 *
 *   BENCH_UNKNOWN_EVENTS (4000)  BENCH_RELEASES (600, for each of phases 2 and 3)  BENCH_OPEN_PATHWAYS (10000)
 */
import { DeleteMessageBatchCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { AwsQueryProtocol } from '@aws-sdk/core/protocols';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import pg from 'pg';
import { signDevelopmentToken } from '../libs/auth/src/development-token.ts';
import { startGoaws } from '../scripts/lib/goaws.mts';
import { releasedEvent } from '../scripts/lib/hmpps-events.mts';
import { freePort, waitFor } from '../scripts/lib/processes.mts';
import { cpuMeter } from './cpu-time.mts';
import { machine, table, writeSection } from './lib/benchmarks-file.mts';
import { runBenchmark } from './lib/bench-system.mts';
import { peakRssMiB, registration, timed } from './lib/releases.mts';
import { seedAtScale } from './lib/seed-at-scale.mts';

const unknownEvents = Number(process.env.BENCH_UNKNOWN_EVENTS ?? 4000);
const releases = Number(process.env.BENCH_RELEASES ?? 600);
const openPathways = Number(process.env.BENCH_OPEN_PATHWAYS ?? 10_000);
const STEADY_RATE = 20;
const TARGET_UNKNOWN_PER_SECOND = 200;
const TARGET_APPLIED_PER_SECOND = 20;
const TARGET_LAG_P99_SECONDS = 5;

/** `prison-offender-events.prisoner.released`, as HMPPS publishes it (a release from Leeds today). */
const confirmedRelease = (nomsNumber: string) => JSON.stringify(releasedEvent({ nomsNumber, prison: 'LEI' }));

/** A prison number no registration in this run uses (series U). */
const unknownPerson = (i: number) => `U${String(i % 10_000).padStart(4, '0')}${'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[Math.floor(i / 10_000) % 26]}Z`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

await runBenchmark('throughcare_bench_intake', { RATE_LIMIT_PER_MINUTE: '1000000' }, async ({ services, env, apiUrl, spawn, apiAnswering }) => {
  const goaws = await startGoaws({ port: await freePort(), quiet: true });
  const db = new pg.Client({ connectionString: services.databaseUrl });
  await db.connect();
  try {
    // The open pathways the lookups search among: seeded in SQL as the reads benchmark does, all set open.
    const registered = releases * 2;
    console.log(`Seeding ${(openPathways - registered).toLocaleString('en-GB')} open pathways in SQL`);
    await seedAtScale(services.databaseUrl, { pathways: Math.max(0, openPathways - registered) });
    await db.query(`UPDATE pathways SET status = 'active' WHERE workflow_id LIKE 'bench-%'`);

    const worker = spawn('worker', [], goaws.env);
    const api = spawn('api');
    await apiAnswering();
    console.log(`Registering ${registered} people through the API (the pathways the releases are for)`);
    const token = await signDevelopmentToken({ org: 'LEI', roles: ['prison-healthcare'] });
    const people = Array.from({ length: registered }, (_, i) => registration(i, 'LEI', 'R'));
    await timed(registered, 32, async (i) => {
      // A 503 says the change was received: the same Idempotency-Key fetches its answer.
      for (let attempt = 1; ; attempt++) {
        const response = await fetch(`${apiUrl}/v1/releases`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': `bench-intake-${i}` },
          body: JSON.stringify(people[i]),
        });
        if (response.status === 201) return;
        if (response.status !== 503 || attempt === 5) throw new Error(`registration ${i}: ${response.status} ${await response.text()}`);
      }
    });
    // Registered through the workflow: the read model holds each one's first tasks.
    const inWorklists = async () =>
      Number((await db.query(`SELECT count(DISTINCT p.id) AS n FROM pathways p JOIN tasks t ON t.pathway_id = p.id WHERE p.workflow_id NOT LIKE 'bench-%' AND t.type = 'referral' AND t.state = 'open'`)).rows[0].n);
    await waitFor('every registration in its worklists', async () => (await inWorklists()) >= registered, 300_000);
    const open = Number((await db.query(`SELECT count(*) AS n FROM pathways WHERE status = 'active'`)).rows[0].n);

    const sns = new SNSClient({ region: goaws.env.AWS_REGION, endpoint: goaws.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    // goaws speaks only the AWS query protocol (as the worker's consumer is configured for it).
    const sqs = new SQSClient({
      region: goaws.env.AWS_REGION,
      endpoint: goaws.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      protocol: new AwsQueryProtocol({ defaultNamespace: 'com.amazonaws.sqs', xmlNamespace: 'http://queue.amazonaws.com/doc/2012-11-05/', version: '2012-11-05' }),
    });
    const publish = async (body: string) => {
      const { MessageId } = await sns.send(
        new PublishCommand({ TopicArn: goaws.topicArn, Message: body, MessageAttributes: { eventType: { DataType: 'String', StringValue: 'prison-offender-events.prisoner.released' } } }),
      );
      return MessageId;
    };
    const queueEmpty = async () => {
      const { Attributes } = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: goaws.queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
      );
      return Number(Attributes?.ApproximateNumberOfMessages ?? 1) === 0 && Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 1) === 0;
    };

    // Baseline: the queue alone, on a queue of its own (no consumer): send and delete in batches of 10.
    const baselineQueue = `${goaws.endpoint}/000000000000/bench-baseline`;
    await fetch(`${goaws.endpoint}/?Action=CreateQueue&QueueName=bench-baseline`);
    const baselineSeconds = await timed(Math.ceil(unknownEvents / 10), 4, async (b) => {
      await sqs.send(new SendMessageBatchCommand({ QueueUrl: baselineQueue, Entries: Array.from({ length: 10 }, (_, k) => ({ Id: `m${k}`, MessageBody: confirmedRelease(unknownPerson(b * 10 + k)) })) }));
    }).then(async (sent) => {
      const started = performance.now();
      let deleted = 0;
      while (deleted < unknownEvents) {
        const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: baselineQueue, MaxNumberOfMessages: 10 }));
        if (Messages.length === 0) break;
        await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: baselineQueue, Entries: Messages.map((m, k) => ({ Id: `d${k}`, ReceiptHandle: m.ReceiptHandle })) }));
        deleted += Messages.length;
      }
      return sent + (performance.now() - started) / 1000;
    });
    console.log(`Baseline: ${unknownEvents} messages sent and deleted by a bare client in ${baselineSeconds.toFixed(1)} s`);

    // 1. Unknown people.
    console.log(`Phase 1: ${unknownEvents} events about people with no pathway`);
    // The worker is paused (SIGSTOP) while the events are published, so the figure is the
    // consumer's own rate over a full queue, not the rate this client can publish at.
    process.kill(worker.pid!, 'SIGSTOP');
    const publishStarted = performance.now();
    await timed(unknownEvents, 16, async (i) => void (await publish(confirmedRelease(unknownPerson(i))))).finally(() => process.kill(worker.pid!, 'SIGCONT'));
    const publishedIn = (performance.now() - publishStarted) / 1000;
    const meter = cpuMeter({ worker: worker.pid });
    const unknownStarted = performance.now();
    await waitFor('the queue to empty', queueEmpty, 600_000);
    const unknownSeconds = (performance.now() - unknownStarted) / 1000;
    const unknownCpu = meter.since().worker;
    const stored = Number((await db.query(`SELECT count(*) AS n FROM intake_inbox`)).rows[0].n);
    console.log(`  consumed in ${unknownSeconds.toFixed(1)} s (published in ${publishedIn.toFixed(1)} s), ${stored} inbox rows`);

    // 2. Steady releases at 20 a second: the lag from Publish to the change stored.
    console.log(`Phase 2: ${releases} releases at ${STEADY_RATE} a second`);
    // Keyed by prison number: goaws gives the SNS envelope a MessageId of its own, not Publish's.
    const publishedAt = new Map<string, number>();
    const steadyStarted = Date.now();
    const steadyPeople = people.slice(0, releases).map((p) => p.prisonNumber);
    await Promise.all(
      steadyPeople.map(async (prisonNumber, i) => {
        await new Promise((r) => setTimeout(r, (i * 1000) / STEADY_RATE));
        publishedAt.set(prisonNumber, Date.now());
        await publish(confirmedRelease(prisonNumber));
      }),
    );
    const completions = async (prisonNumbers: string[]) =>
      (
        await db.query<{ prison_number: string; completed_at: Date }>(
          `SELECT pp.prison_number, i.completed_at FROM intake_inbox i JOIN pathway_people pp ON pp.pathway_id = i.pathway_id
            WHERE pp.prison_number = ANY($1) AND i.outcome = 'applied'`,
          [prisonNumbers],
        )
      ).rows;
    const applied = async (prisonNumbers: string[]) => (await completions(prisonNumbers)).length;
    await waitFor('every steady release applied', async () => (await applied(steadyPeople)) >= releases, 300_000).catch(() => undefined);
    const lags = (await completions(steadyPeople)).map((c) => (c.completed_at.getTime() - publishedAt.get(c.prison_number)!) / 1000).sort((a, b) => a - b);
    const steadySeconds = (Date.now() - steadyStarted) / 1000;
    console.log(`  ${lags.length} applied; lag p50 ${percentile(lags, 50).toFixed(2)} s, p99 ${percentile(lags, 99).toFixed(2)} s`);
    if (lags.length < releases) console.log(`  inbox outcomes: ${JSON.stringify((await db.query(`SELECT outcome, count(*)::int AS n FROM intake_inbox GROUP BY outcome`)).rows)}`);

    // 3. A burst of releases: applied a second.
    console.log(`Phase 3: ${releases} releases at once`);
    const burstMeter = cpuMeter({ worker: worker.pid, 'Temporal server': services.temporalPid });
    const burstStarted = performance.now();
    const burstPeople = people.slice(releases, 2 * releases).map((p) => p.prisonNumber);
    await timed(releases, 16, async (i) => void (await publish(confirmedRelease(burstPeople[i]))));
    await waitFor('every burst release applied', async () => (await applied(burstPeople)) >= releases, 600_000).catch(() => undefined);
    const burstSeconds = (performance.now() - burstStarted) / 1000;
    const burstApplied = await applied(burstPeople);
    const burstCpu = burstMeter.since();
    const releasedPathways = Number((await db.query(`SELECT count(*) AS n FROM pathways WHERE released_on IS NOT NULL AND workflow_id NOT LIKE 'bench-%'`)).rows[0].n);
    console.log(`  ${burstApplied} applied in ${burstSeconds.toFixed(1)} s; ${releasedPathways} registered pathways now released`);

    const unknownRate = unknownEvents / unknownSeconds;
    const appliedRate = burstApplied / burstSeconds;
    const p99 = percentile(lags, 99);
    const met =
      stored === 0 && unknownRate >= TARGET_UNKNOWN_PER_SECOND && lags.length === releases && p99 < TARGET_LAG_P99_SECONDS && burstApplied === releases && appliedRate >= TARGET_APPLIED_PER_SECOND && releasedPathways === registered;
    writeSection(
      'HMPPS domain events: intake',
      [
        `Issue 23: with ${open.toLocaleString('en-GB')} open pathways, events about unknown people consumed at ≥ ${TARGET_UNKNOWN_PER_SECOND}/s, applied releases at ≥ ${TARGET_APPLIED_PER_SECOND}/s,`,
        `and the lag from Publish to the pathway's change stored under ${TARGET_LAG_P99_SECONDS} s at p99 when ${STEADY_RATE} events a second arrive.`,
        'Real parts: goaws (SNS topic → SQS queue in the SNS envelope), the built worker consuming with the AWS query protocol, the Temporal dev server, PostgreSQL.',
        `${(open - registered).toLocaleString('en-GB')} of the open pathways are seeded in SQL (no workflows: they are what the lookups search among); the ${registered.toLocaleString('en-GB')} released are registered through the API.`,
        'Baseline, same run: the same number of messages sent and deleted by a bare SQS client on a queue of its own (batches of 10), the queue\'s own cost.',
        'Command: `npm run bench:intake`.',
        '',
        `Run on ${new Date().toISOString().slice(0, 10)}: ${machine()}; load average before the run ${process.env.BENCH_LOAD_BEFORE ?? 'not recorded'}.`,
        '',
        table({
          'baseline: messages sent and deleted, bare SQS client': `${unknownEvents} in ${baselineSeconds.toFixed(1)} s, ${(unknownEvents / baselineSeconds).toFixed(0)} /s`,
          'events about unknown people, a full queue consumed': `${unknownEvents} in ${unknownSeconds.toFixed(1)} s, **${unknownRate.toFixed(0)} /s** (ratio to baseline ${(unknownRate / (unknownEvents / baselineSeconds)).toFixed(2)})`,
          'worker CPU per unknown-person event': unknownCpu === undefined ? 'n/a' : `${((unknownCpu * 1000) / unknownEvents).toFixed(2)} ms`,
          'rows stored about unknown people': String(stored),
          [`releases at ${STEADY_RATE}/s: lag from Publish to change stored`]: `${lags.length} of ${releases} applied over ${steadySeconds.toFixed(1)} s; p50 ${percentile(lags, 50).toFixed(2)} s, p95 ${percentile(lags, 95).toFixed(2)} s, **p99 ${p99.toFixed(2)} s**`,
          'releases at once: applied a second': `${burstApplied} of ${releases} in ${burstSeconds.toFixed(1)} s, **${appliedRate.toFixed(1)} /s**`,
          ...Object.fromEntries(Object.entries(burstCpu).map(([k, s]) => [`CPU per applied release, ${k}`, s === undefined ? 'n/a' : `${((s * 1000) / releases).toFixed(1)} ms`])),
          'peak memory, worker': `${peakRssMiB(worker.pid) ?? 'n/a'} MiB`,
          [`targets: ≥ ${TARGET_UNKNOWN_PER_SECOND}/s unknown, ≥ ${TARGET_APPLIED_PER_SECOND}/s applied, p99 < ${TARGET_LAG_P99_SECONDS} s, nothing stored for unknown people`]: met ? 'met' : '**not met**',
        }),
      ].join('\n'),
    );
    console.log('Written to docs/benchmarks.md');
    void api;
    return met;
  } finally {
    await db.end().catch(() => undefined);
    await goaws.stop();
  }
});

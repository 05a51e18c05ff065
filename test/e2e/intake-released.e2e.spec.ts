/**
 * Releases that arrive by themselves: HMPPS domain events published to the real local SNS topic
 * (goaws), consumed from SQS by real workers, applied to real pathways on Temporal and PostgreSQL.
 * "Nothing happened" is shown by counting the messages the consumer finished, never by waiting.
 */
import { Client, Connection } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { pathwayWorkflowId } from '@throughcare/workflows/pathway';
import { londonToday } from '../support/dates';
import { newPrisonNumber, startWorker, suiteConfig } from '../support/system';
import { confirmedRelease, deadLettered, envelope, metric, publish, reportedRelease, sendRaw } from '../intake/hmpps-events';
import { IntakeSuite, startIntakeSuite } from '../intake/intake-suite';
import { eventually } from '../support/api-client';

describe('HMPPS release events drive the pathway', () => {
  let suite: IntakeSuite;
  let db: DataSource;

  beforeAll(async () => {
    // A short visibility and two receives, so a message that keeps failing is put aside within seconds.
    suite = await startIntakeSuite({ HMPPS_EVENTS_VISIBILITY_SECONDS: '5', HMPPS_EVENTS_MAX_RECEIVES: '2' });
    db = suite.db;
  });

  afterAll(async () => {
    await suite?.close();
  });

  const register = (overrides: Record<string, unknown> = {}) => suite.register(overrides);
  const releasingToday = () => suite.releasingToday();
  const pathway = (id: string) => suite.pathway(id);
  const releases = (id: string) => suite.timeline(id, 'released');
  const settled = (pathwayId: string, outcome?: string) => suite.settled(pathwayId, outcome);
  const handledAfter = (send: () => Promise<unknown>, count: number) => suite.handledAfter(send, count);

  it('records a release on the day of release as planned, audited and shown on the timeline as from HMPPS', async () => {
    const { id, prisonNumber } = await releasingToday();
    await publish(confirmedRelease(prisonNumber));
    const { message_id: messageId, outcome } = await settled(id);
    expect(outcome).toBe('applied');
    const view = await pathway(id);
    expect(view.releasedOn).toBe(londonToday());
    const [released] = view.timeline.filter((e: { type: string }) => e.type === 'released');
    expect(released).toMatchObject({ actor: { sub: 'system:hmpps-domain-events', org: 'LEI' }, correlationId: `hmpps:${messageId}`, details: { kind: 'planned', releasedOn: londonToday() } });
    // Its source, for the page: "HMPPS: released from HMP Leeds, Friday 11 December 2026 at 7:03am".
    expect(released.source).toEqual({ system: 'HMPPS', eventType: 'prison-offender-events.prisoner.released', occurredAt: expect.any(String), receivedAt: expect.any(String), prison: { code: 'LEI', name: 'HMP Leeds' } });
    const audit = await db.query(`SELECT actor_sub, action, target FROM audit_log WHERE pathway_id = $1 AND actor_sub = 'system:hmpps-domain-events'`, [id]);
    expect(audit).toEqual([{ actor_sub: 'system:hmpps-domain-events', action: 'pathway.released', target: `hmpps-message:${messageId}` }]);
  });

  it('records a release on any other day as unplanned', async () => {
    const { id, prisonNumber } = await register();
    await publish(confirmedRelease(prisonNumber));
    expect(await settled(id)).toMatchObject({ outcome: 'applied' });
    expect(await releases(id)).toEqual([expect.objectContaining({ details: expect.objectContaining({ kind: 'unplanned' }) })]);
  });

  it('makes a review item, not a release, for death, hospital, deportation and absconding codes', async () => {
    const codes = { DEC: 'death', HO: 'hospital', HP: 'hospital', HQ: 'hospital', DD: 'deportation', DE: 'deportation', DL: 'deportation', UAL: 'absconded', UAL_ECL: 'absconded' };
    await Promise.all(
      Object.entries(codes).map(async ([code, kind]) => {
        const { id, prisonNumber } = await register();
        const occurredAt = new Date();
        await publish(confirmedRelease(prisonNumber, { code, prisonId: 'LEI', occurredAt }));
        const { message_id: messageId, outcome } = await settled(id);
        expect(outcome).toBe('review');
        const items = await db.query(`SELECT pathway_id, movement_kind, occurred_at, prison_code, message_id FROM intake_review_items WHERE pathway_id = $1`, [id]);
        expect(items).toEqual([{ pathway_id: id, movement_kind: kind, occurred_at: occurredAt, prison_code: 'LEI', message_id: messageId }]);
        expect((await pathway(id)).releasedOn).toBeNull();
      }),
    );
  });

  it('changes nothing for a temporary absence or a court appearance', async () => {
    const { id, prisonNumber } = await register();
    await handledAfter(async () => {
      await publish(confirmedRelease(prisonNumber, { reason: 'TEMPORARY_ABSENCE_RELEASE', currentLocation: 'OUTSIDE_PRISON', code: 'C3' }));
      await publish(confirmedRelease(prisonNumber, { reason: 'SENT_TO_COURT', currentLocation: 'OUTSIDE_PRISON', code: 'CRT' }));
    }, 2);
    expect((await pathway(id)).releasedOn).toBeNull();
    expect(await db.query(`SELECT 1 FROM intake_inbox WHERE pathway_id = $1`, [id])).toEqual([]);
  });

  it('applies one release however many times and by whichever event type it arrives', async () => {
    const { id, prisonNumber } = await register();
    await publish(reportedRelease(prisonNumber));
    await settled(id, 'reported');
    // Shown as "release reported" while the confirmed event is awaited; it releases no one.
    expect(await pathway(id)).toMatchObject({ releasedOn: null, releaseReported: { system: 'HMPPS', eventType: 'prisoner-offender-search.prisoner.released', prison: { code: 'LEI', name: 'HMP Leeds' } } });
    const event = confirmedRelease(prisonNumber);
    await publish(event);
    const { message_id: first } = await settled(id, 'applied');
    expect((await pathway(id)).releaseReported).toBeNull();
    // A manual re-emit (a new MessageId, the same movement) and a redelivery (the same MessageId).
    await handledAfter(async () => {
      await publish(event);
      await sendRaw(suite.queue, envelope(first as string, event));
      await publish(reportedRelease(prisonNumber));
    }, 3);
    expect(await releases(id)).toHaveLength(1);
    expect(await db.query(`SELECT outcome, count(*)::int AS n FROM intake_inbox WHERE pathway_id = $1 GROUP BY outcome ORDER BY outcome`, [id])).toEqual([
      { outcome: 'applied', n: 1 },
      { outcome: 'reported', n: 1 },
    ]);
  });

  it('leaves a release recorded by hand alone when the confirmed event comes 50 minutes later', async () => {
    const { id, prisonNumber } = await register();
    const movedAt = new Date();
    await suite.http.post(`/v1/pathways/${id}/released`).set('Authorization', `Bearer ${suite.prison}`).send({ releasedOn: londonToday(), kind: 'unplanned' }).expect(200);
    await publish(confirmedRelease(prisonNumber, { occurredAt: movedAt }));
    expect(await settled(id)).toMatchObject({ outcome: 'already-released' });
    const timeline = await releases(id);
    expect(timeline).toHaveLength(1);
    expect(timeline[0].actor.sub).not.toBe('system:hmpps-domain-events');
  });

  it('ignores a release dated before the pathway was registered (a historic movement)', async () => {
    const { id, prisonNumber } = await register();
    await publish(confirmedRelease(prisonNumber, { occurredAt: new Date(Date.now() - 2 * 86_400_000) }));
    expect(await settled(id)).toMatchObject({ outcome: 'historic' });
    expect((await pathway(id)).releasedOn).toBeNull();
  });

  it('ignores a movement older than the last one applied to the pathway (out of order)', async () => {
    const { id, prisonNumber } = await register();
    const afterRegistration = new Date();
    await publish(confirmedRelease(prisonNumber, { occurredAt: new Date(afterRegistration.getTime() + 1_000) }));
    await settled(id, 'applied');
    await publish(confirmedRelease(prisonNumber, { code: 'DEC', occurredAt: afterRegistration }));
    expect(await settled(id, 'out-of-order')).toMatchObject({ business_key: null });
    expect(await db.query(`SELECT 1 FROM intake_review_items WHERE pathway_id = $1`, [id])).toEqual([]);
  });

  it('stores nothing about a person Throughcare does not know, and counts them', async () => {
    const stranger = newPrisonNumber();
    const before = await metric('throughcare_intake_unknown_people_total');
    await handledAfter(async () => {
      await publish(reportedRelease(stranger));
      await publish(confirmedRelease(stranger));
    }, 2);
    expect(await metric('throughcare_intake_unknown_people_total')).toBe(before + 2);
    const tables: Array<{ table_name: string }> = await db.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`);
    for (const { table_name } of tables) {
      const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM "${table_name}" t WHERE t::text LIKE $1`, [`%${stranger}%`]);
      expect({ table_name, n }).toEqual({ table_name, n: 0 });
    }
  });

  it('puts aside what it cannot read (bad JSON, no event type, a 300 KB body, a NUL) and goes on', async () => {
    const { id, prisonNumber } = await register();
    const before = await metric('throughcare_intake_put_aside_total');
    const marker = confirmedRelease(newPrisonNumber());
    const { eventType: _dropped, ...untyped } = marker;
    const nul = confirmedRelease(newPrisonNumber(), { prisonId: 'LE\u0000I' });
    await publish('{"eventType": "prison-offender-events.prisoner.released", ', 'prison-offender-events.prisoner.released');
    await publish(untyped, undefined);
    await publish({ ...marker, padding: 'x'.repeat(300 * 1024) });
    await publish(nul);
    await eventually('four messages put aside', async () => (await metric('throughcare_intake_put_aside_total')) >= before + 4);
    const parked: string[] = [];
    await eventually('four messages in the dead-letter queue', async () => (parked.push(...(await deadLettered(suite.queue))), parked.length >= 4));
    // The consumer goes on: a good message after them is applied.
    await publish(confirmedRelease(prisonNumber));
    expect(await settled(id)).toMatchObject({ outcome: 'applied' });
  });

  it('puts aside, after a bounded number of receives, a release its pathway cannot take (the pathway stopped on an error)', async () => {
    const { id, prisonNumber } = await register();
    const connection = await Connection.connect({ address: suite.config.TEMPORAL_ADDRESS });
    try {
      await new Client({ connection, namespace: suite.config.TEMPORAL_NAMESPACE }).workflow.getHandle(pathwayWorkflowId(id)).terminate('test: the pathway stops');
    } finally {
      await connection.close();
    }
    const before = await metric('throughcare_intake_put_aside_total', { reason: 'kept-failing' });
    await publish(confirmedRelease(prisonNumber));
    await eventually('the message put aside', async () => (await metric('throughcare_intake_put_aside_total', { reason: 'kept-failing' })) >= before + 1);
    // Its claim stays open: the message redriven from the dead-letter queue (same MessageId) takes it up again.
    expect(await db.query(`SELECT outcome, attempts FROM intake_inbox WHERE pathway_id = $1`, [id])).toEqual([{ outcome: 'claimed', attempts: 2 }]);
    expect(await db.query(`SELECT 1 FROM audit_log WHERE pathway_id = $1 AND actor_sub = 'system:hmpps-domain-events'`, [id])).toEqual([]);
  });

  it('applies each movement once with two workers on one queue', async () => {
    const second = await startWorker(suiteConfig(suite.eventsSettings()));
    try {
      const people = await Promise.all([register(), register(), register()]);
      await handledAfter(async () => {
        for (const { prisonNumber } of people) {
          const event = confirmedRelease(prisonNumber);
          await Promise.all([publish(event), publish(event), publish(reportedRelease(prisonNumber)), publish(event)]);
        }
      }, 12);
      for (const { id } of people) {
        expect(await releases(id)).toHaveLength(1);
        // One message per movement was taken; the others found it taken and wrote nothing.
        expect(await db.query(`SELECT outcome, count(*)::int AS n FROM intake_inbox WHERE pathway_id = $1 GROUP BY outcome ORDER BY outcome`, [id])).toEqual([
          { outcome: 'applied', n: 1 },
          { outcome: 'reported', n: 1 },
        ]);
      }
    } finally {
      await second.close();
    }
  });
});


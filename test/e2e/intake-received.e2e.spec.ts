/**
 * People received into prison, by HMPPS domain events through the run's real goaws, a real
 * worker, Temporal and PostgreSQL: an admission after a release is a return to custody; a
 * transfer moves a pathway not yet released to a prison Throughcare knows, and is put in front
 * of the prison's healthcare team otherwise. "Nothing happened" is shown by counting the
 * messages the consumer finished, never by waiting.
 */
import { DataSource } from 'typeorm';
import { startWorker, suiteConfig } from '../support/system';
import { confirmedRelease, envelope, publish, received, reportedRelease, sendRaw } from '../intake/hmpps-events';
import { IntakeSuite, startIntakeSuite } from '../intake/intake-suite';
import { eventually, Json } from '../support/api-client';

const HMPPS = 'system:hmpps-domain-events';
/** An instant `seconds` from now: movements after the registration, in the order a test needs. */
const at = (seconds: number) => new Date(Date.now() + seconds * 1000);

describe('HMPPS received events drive the pathway', () => {
  let suite: IntakeSuite;
  let db: DataSource;

  beforeAll(async () => {
    suite = await startIntakeSuite();
    db = suite.db;
  });

  afterAll(async () => {
    await suite?.close();
  });

  const inbox = (id: string) => db.query(`SELECT outcome, count(*)::int AS n FROM intake_inbox WHERE pathway_id = $1 GROUP BY outcome ORDER BY outcome`, [id]);
  /** Registers a person and has HMPPS release them (applied), answering the release's instant. */
  const releasedByHmpps = async () => {
    const person = await suite.register();
    const releasedAt = at(1);
    await publish(confirmedRelease(person.prisonNumber, { occurredAt: releasedAt }));
    await suite.settled(person.id, 'applied');
    return { ...person, releasedAt };
  };

  it('returns a released person to custody when HMPPS admits them on recall, audited and shown as from HMPPS', async () => {
    const { id, prisonNumber } = await releasedByHmpps();
    await publish(received(prisonNumber, { reason: 'ADMISSION', code: 'L', prisonId: 'LEI', occurredAt: at(2) }));
    const [entry] = await eventuallyTimeline(id, 'returned-to-custody');
    expect((await suite.pathway(id)).status).toBe('closed');
    expect(entry).toMatchObject({ actor: { sub: HMPPS, org: 'LEI' }, details: { reason: 'Recalled to prison' } });
    expect(entry.correlationId).toMatch(/^hmpps:/);
    // Audited as the inbox row completes, just after the workflow's own write shows on the timeline.
    const audit = await eventually('both changes audited', async () => {
      const rows: Json[] = await db.query(`SELECT action FROM audit_log WHERE pathway_id = $1 AND actor_sub = $2 ORDER BY at`, [id, HMPPS]);
      return rows.length >= 2 && rows;
    });
    expect(audit).toEqual([{ action: 'pathway.released' }, { action: 'pathway.returned-to-custody' }]);
  });

  it.each(['24', 'B', 'Y', 'PD', 'ELR', 'ETRLR'])('reads admission code %s as a recall', async (code) => {
    const { id, prisonNumber } = await releasedByHmpps();
    await publish(received(prisonNumber, { reason: 'ADMISSION', code, occurredAt: at(2) }));
    const [entry] = await eventuallyTimeline(id, 'returned-to-custody');
    expect(entry.details.reason).toBe('Recalled to prison');
  });

  it('reads any other admission after a release as a return to custody that is not a recall', async () => {
    const { id, prisonNumber } = await releasedByHmpps();
    await publish(received(prisonNumber, { reason: 'ADMISSION', code: 'N', occurredAt: at(2) }));
    const [entry] = await eventuallyTimeline(id, 'returned-to-custody');
    expect(entry.details.reason).toBe('Admitted to prison');
  });

  it('returns a person to custody once, however many times and ways the admission arrives', async () => {
    const { id, prisonNumber } = await releasedByHmpps();
    const admission = received(prisonNumber, { reason: 'ADMISSION', code: 'L', occurredAt: at(2) });
    await publish(admission);
    await eventuallyTimeline(id, 'returned-to-custody');
    const [{ message_id: first }] = await db.query(`SELECT message_id FROM intake_inbox WHERE pathway_id = $1 AND event_type = 'prison-offender-events.prisoner.received'`, [id]);
    // A manual re-emit (a new MessageId) and a redelivery (the same one).
    await suite.handledAfter(async () => {
      await publish(admission);
      await sendRaw(suite.queue, envelope(first, admission));
    }, 2);
    expect(await suite.timeline(id, 'returned-to-custody')).toHaveLength(1);
    expect(await inbox(id)).toEqual([{ outcome: 'applied', n: 2 }]);
  });

  it('applies neither when the admission arrives before the release it follows (out of order)', async () => {
    const { id, prisonNumber } = await suite.register();
    const releasedAt = at(1);
    await publish(received(prisonNumber, { reason: 'ADMISSION', code: 'L', occurredAt: at(2) }));
    await suite.settled(id, 'in-custody');
    // Both event types of the release that came before it: the person is back inside already.
    await publish(reportedRelease(prisonNumber, { occurredAt: releasedAt }));
    await publish(confirmedRelease(prisonNumber, { occurredAt: releasedAt }));
    await expectEventually(async () => (await inbox(id)).find((r: { outcome: string; n: number }) => r.outcome === 'out-of-order')?.n === 2);
    const view = await suite.pathway(id);
    expect(view).toMatchObject({ status: 'active', releasedOn: null });
    expect(await suite.timeline(id, 'returned-to-custody')).toEqual([]);
  });

  it('transfers a pathway not yet released to a prison Throughcare knows, as from HMPPS', async () => {
    const { id, prisonNumber } = await suite.register();
    await publish(received(prisonNumber, { reason: 'TRANSFERRED', code: 'INT', prisonId: 'BMI', occurredAt: at(1) }));
    expect(await suite.settled(id)).toMatchObject({ outcome: 'applied' });
    const view = await suite.pathway(id);
    expect(view.prisonCode).toBe('BMI');
    const [entry] = view.timeline.filter((e: { type: string }) => e.type === 'transferred');
    expect(entry).toMatchObject({ actor: { sub: HMPPS, org: 'BMI' }, details: { from: 'LEI', to: 'BMI' } });
  });

  it('makes a review item for the prison left when the person is transferred to a prison Throughcare does not know', async () => {
    const { id, prisonNumber } = await suite.register();
    await publish(received(prisonNumber, { reason: 'TRANSFERRED', code: 'INT', prisonId: 'ZZI', occurredAt: at(1) }));
    expect(await suite.settled(id)).toMatchObject({ outcome: 'review' });
    expect(await db.query(`SELECT movement_kind, prison_code, to_prison_code FROM intake_review_items WHERE pathway_id = $1`, [id])).toEqual([
      { movement_kind: 'transfer-to-unknown-prison', prison_code: 'LEI', to_prison_code: 'ZZI' },
    ]);
    expect((await suite.pathway(id)).prisonCode).toBe('LEI');
  });

  it('changes nothing for a return from court, a transfer after the release, or an admission of someone it does not know', async () => {
    const stillInside = await suite.register();
    const released = await releasedByHmpps();
    await suite.handledAfter(async () => {
      await publish(received(stillInside.prisonNumber, { reason: 'RETURN_FROM_COURT', code: 'CRT', occurredAt: at(1) }));
      await publish(received(released.prisonNumber, { reason: 'TRANSFERRED', prisonId: 'BMI', occurredAt: at(2) }));
    }, 2);
    expect(await inbox(stillInside.id)).toEqual([]);
    expect(await inbox(released.id)).toEqual([{ outcome: 'applied', n: 1 }]);
    expect((await suite.pathway(released.id)).prisonCode).toBe('LEI');
  });

  it('returns each person to custody once with two workers on one queue', async () => {
    const second = await startWorker(suiteConfig(suite.eventsSettings()));
    try {
      const people = await Promise.all([releasedByHmpps(), releasedByHmpps()]);
      await suite.handledAfter(async () => {
        for (const { prisonNumber } of people) {
          const admission = received(prisonNumber, { reason: 'ADMISSION', code: 'L', occurredAt: at(3) });
          await Promise.all([publish(admission), publish(admission), publish(admission)]);
        }
      }, 6);
      for (const { id } of people) {
        expect(await suite.timeline(id, 'returned-to-custody')).toHaveLength(1);
        expect(await inbox(id)).toEqual([{ outcome: 'applied', n: 2 }]);
      }
    } finally {
      await second.close();
    }
  });

  const eventuallyTimeline = (id: string, type: string): Promise<Json[]> =>
    eventually(`a ${type} entry on the timeline`, async () => {
      const entries = await suite.timeline(id, type);
      return entries.length > 0 && entries;
    });
});

async function expectEventually(probe: () => Promise<boolean>): Promise<void> {
  await eventually('the expected state', async () => (await probe()) || undefined);
}

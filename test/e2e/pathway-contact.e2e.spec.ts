/**
 * The person's mobile number and consent to text reminders (issue 26, item 3): recorded in any
 * usual UK spelling by the pathway's healthcare teams, stored sealed in E.164, shown to them
 * alone, every read and write audited, withdrawn with who and when kept; and the number in no
 * Temporal history, no organisation's message and no other table.
 */
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { randomBytes } from 'node:crypto';
import { contactBox, DEVELOPMENT_CONTACT_KEY, resealContacts, textingContact } from '@throughcare/persistence';
import { dataConverter } from '@throughcare/temporal';
import type { Config } from '@throughcare/config';
import { pathwayWorkflowId } from '@throughcare/workflows/pathway';
import { ApiClient, eventually, Json } from '../support/api-client';
import { payloadsIn } from '../support/histories';
import { startSuite, Suite } from '../support/suite';
import { registration, suiteConfig } from '../support/system';
import { londonDaysAhead } from '../support/dates';

/** A mobile number no other suite uses: 07700 1, then five digits of this run's own. */
const SUBSCRIBER = `1${String(Date.now() % 100_000).padStart(5, '0')}`;
const NATIONAL = `07700${SUBSCRIBER}`;
const E164 = `+447700${SUBSCRIBER}`;
const IN_WORDS = `07700 ${SUBSCRIBER}`;

describe("the person's mobile number and consent to texts", () => {
  let config: Config;
  let suite: Suite;
  let prison: ApiClient;
  let community: ApiClient;
  let probation: ApiClient;
  let commissioner: ApiClient;
  let otherPrison: ApiClient;

  beforeAll(async () => {
    config = suiteConfig();
    suite = await startSuite(config);
    [prison, community, probation, commissioner, otherPrison] = await Promise.all([
      suite.as('LEI', 'prison-healthcare'),
      suite.as('CTS-LDS', 'community-treatment'),
      suite.as('PDU-LDS', 'probation'),
      suite.as('LA-LDS', 'commissioner'),
      suite.as('BMI', 'prison-healthcare'),
    ]);
  });

  afterAll(() => suite?.close());

  const register = async () => (await prison.post('/v1/releases', registration(), 201)) as Json;
  const contactPath = (pathway: Json) => `/v1/pathways/${pathway.id}/contact`;
  const stored = async (pathway: Json) => (await suite.db.query(`SELECT * FROM pathway_contacts WHERE pathway_id = $1`, [pathway.id]))[0] as Json | undefined;

  it.each([NATIONAL, IN_WORDS, `+44 7700 ${SUBSCRIBER}`, E164, `447700${SUBSCRIBER}`, `0044 7700 ${SUBSCRIBER}`, `+44 (0)7700 ${SUBSCRIBER}`, `(07700) ${SUBSCRIBER.slice(0, 3)}-${SUBSCRIBER.slice(3)}`, ` ${IN_WORDS} `])(
    'takes %p, stores it sealed in E.164 and shows it as people write it',
    async (typed) => {
      const pathway = await register();
      const saved = await prison.put(contactPath(pathway), { mobileNumber: typed, consentToText: true });
      expect(saved).toEqual({
        mobileNumber: E164,
        mobileNumberInWords: IN_WORDS,
        consentToText: 'yes',
        recordedBy: { name: 'LEI user', organisation: 'HMP Leeds' },
        recordedAt: expect.any(String),
        withdrawnBy: null,
        withdrawnAt: null,
        withdrawnByTextReply: false,
      });
      const row = await stored(pathway);
      expect(row).toMatchObject({ key_id: 'development', consent_to_text: true, recorded_by: 'lei-tester', recorded_by_org: 'LEI', withdrawn_at: null });
      expect(JSON.stringify(row)).not.toContain(SUBSCRIBER);
      expect(await textingContact(suite.db, config, pathway.id)).toEqual({ mobileNumber: E164 });
    },
  );

  it('refuses what is not a UK mobile number, odd bytes and wrong shapes with problem+json, and writes nothing', async () => {
    const pathway = await register();
    await prison.put(contactPath(pathway), { mobileNumber: NATIONAL, consentToText: false });
    const before = await stored(pathway);
    const refused = async (body: object) => {
      const problem = await prison.put(contactPath(pathway), body, 400);
      expect(problem).toMatchObject({ status: 400, type: expect.stringMatching(/validation$/) });
      expect(JSON.stringify(problem)).not.toMatch(/7700|0113|4960/);
      return (problem.errors as Json[]).map((e) => `${e.field} ${e.code}`);
    };
    expect(await refused({ mobileNumber: '0113 496 0123', consentToText: true })).toEqual(['mobileNumber not-a-mobile']);
    expect(await refused({ mobileNumber: '07623 123456', consentToText: true })).toEqual(['mobileNumber not-a-mobile']); // a pager
    expect(await refused({ mobileNumber: '+33 6 12 34 56 78', consentToText: true })).toEqual(['mobileNumber not-a-mobile']);
    expect(await refused({ mobileNumber: '07700 900123', consentToText: true })).toEqual(['mobileNumber not-a-phone-number']); // Ofcom's drama range
    expect(await refused({ mobileNumber: '07700 12345', consentToText: true })).toEqual(['mobileNumber not-a-phone-number']);
    expect(await refused({ mobileNumber: `call ${NATIONAL}`, consentToText: true })).toEqual(['mobileNumber not-a-phone-number']);
    // Control and bidirectional characters are refused for every field (the API's text rule) …
    for (const odd of [`0770\u0000${SUBSCRIBER}`, `07700\u0085${SUBSCRIBER}`, `07700\u202E${SUBSCRIBER}`]) {
      expect(await refused({ mobileNumber: odd, consentToText: true })).toEqual(['mobileNumber unsafe-text']);
    }
    // … and a number is read from ASCII digits alone.
    for (const odd of [`07700\u200B${SUBSCRIBER}`, '٠٧٧٠٠١٢٣٤٥٦', '０７７００１２３４５６', `${NATIONAL}😀`, '0'.repeat(5000)]) {
      expect(await refused({ mobileNumber: odd, consentToText: true })).toEqual(['mobileNumber not-a-phone-number']);
    }
    expect(await refused({ mobileNumber: 7700123456, consentToText: true })).toEqual(['mobileNumber wrong-type']);
    expect(await refused({ mobileNumber: [NATIONAL], consentToText: true })).toEqual(['mobileNumber wrong-type']);
    expect(await refused({ mobileNumber: NATIONAL, consentToText: 'yes' })).toEqual(['consentToText wrong-type']);
    expect(await refused({ mobileNumber: NATIONAL })).toEqual(['consentToText required']);
    expect(await refused({ consentToText: true })).toEqual(['mobileNumber required']);
    expect(await refused({ mobileNumber: NATIONAL, consentToText: true, note: 'x' })).toEqual(['note unknown-field']);
    // A lone surrogate survives only as an escape in the JSON text.
    const surrogate = await prison.raw('put', contactPath(pathway)).set('content-type', 'application/json').send(`{"mobileNumber":"07700\\ud800${SUBSCRIBER}","consentToText":true}`);
    expect(surrogate.status).toBe(400);
    expect(surrogate.headers['content-type']).toMatch(/application\/problem\+json/);
    const notJson = await prison.raw('put', contactPath(pathway)).set('content-type', 'application/json').send('{"mobileNumber":');
    expect(notJson.status).toBe(400);
    await prison.put('/v1/pathways/not-a-pathway/contact', { mobileNumber: NATIONAL, consentToText: true }, 400);
    expect(await stored(pathway)).toEqual(before);
  });

  it("shows it to the pathway's healthcare teams only, with the actions to change or withdraw it, and lets only them change it", async () => {
    const pathway = await register();
    await community.put(contactPath(pathway), { mobileNumber: NATIONAL, consentToText: true });
    const actionsOf = (p: Json) => p.actions.filter((a: Json) => a.href.endsWith('/contact')).map((a: Json) => `${a.method} ${a.name}`);
    for (const keeper of [prison, community]) {
      const seen = await keeper.get(`/v1/pathways/${pathway.id}`);
      expect(seen.contact).toMatchObject({ mobileNumberInWords: IN_WORDS, consentToText: 'yes', recordedBy: { name: 'CTS-LDS user', organisation: 'Forward Leeds' } });
      expect(actionsOf(seen)).toEqual(['PUT contact', 'DELETE withdraw-contact']);
    }
    // Probation, even with the person's consent to share their treatment, and commissioners: no number, no action.
    for (const other of [probation, commissioner]) {
      const seen = await other.get(`/v1/pathways/${pathway.id}`);
      expect(seen.contact).toBeNull();
      expect(actionsOf(seen)).toEqual([]);
      expect(JSON.stringify(seen)).not.toContain(SUBSCRIBER);
    }
    const list = await probation.get(`/v1/pathways?q=${encodeURIComponent(pathway.person.prisonNumber)}`);
    expect(JSON.stringify(list)).not.toContain(SUBSCRIBER);
    for (const other of [probation, commissioner]) {
      await other.put(contactPath(pathway), { mobileNumber: NATIONAL, consentToText: true }, 403);
      await other.delete(contactPath(pathway), 403);
    }
    await otherPrison.put(contactPath(pathway), { mobileNumber: NATIONAL, consentToText: true }, 404);
    await otherPrison.delete(contactPath(pathway), 404);
    expect((await stored(pathway))?.recorded_by_org).toBe('CTS-LDS');
  });

  it('moves the number with the person: after a transfer, the new prison sees it and the one they left does not', async () => {
    const pathway = await register();
    await prison.put(contactPath(pathway), { mobileNumber: NATIONAL, consentToText: true });
    await prison.post(`/v1/pathways/${pathway.id}/transfer`, { prisonCode: 'BMI' });
    const held = await eventually('the pathway at the new prison', async () => {
      const p = await otherPrison.raw('get', `/v1/pathways/${pathway.id}`);
      return p.status === 200 && p.body;
    });
    expect(held.contact).toMatchObject({ mobileNumberInWords: IN_WORDS, consentToText: 'yes' });
    const left = await prison.get(`/v1/pathways/${pathway.id}`);
    expect(left.contact).toBeNull();
    expect(JSON.stringify(left)).not.toContain(SUBSCRIBER);
    await prison.put(contactPath(pathway), { mobileNumber: NATIONAL, consentToText: true }, 403);
  });

  it('withdraws consent: the number is erased, who and when are kept, nothing more will be texted; recording again starts afresh', async () => {
    const pathway = await register();
    await community.delete(contactPath(pathway), 404); // nothing recorded yet
    await prison.put(contactPath(pathway), { mobileNumber: NATIONAL, consentToText: true });
    const withdrawn = await community.delete(contactPath(pathway));
    expect(withdrawn).toMatchObject({
      mobileNumber: null,
      mobileNumberInWords: null,
      consentToText: 'withdrawn',
      recordedBy: { name: 'LEI user', organisation: 'HMP Leeds' },
      withdrawnBy: { name: 'CTS-LDS user', organisation: 'Forward Leeds' },
      withdrawnAt: expect.any(String),
      withdrawnByTextReply: false,
    });
    expect(await stored(pathway)).toMatchObject({ key_id: null, mobile_ciphertext: null, withdrawn_by: 'cts-lds-tester', withdrawn_by_org: 'CTS-LDS' });
    expect(await textingContact(suite.db, config, pathway.id)).toBeNull();
    // Withdrawing again changes nothing.
    expect(await prison.delete(contactPath(pathway))).toEqual(withdrawn);
    const seen = await prison.get(`/v1/pathways/${pathway.id}`);
    expect(seen.contact).toEqual(withdrawn);
    expect(seen.actions.map((a: Json) => a.name)).not.toContain('withdraw-contact');

    await prison.put(contactPath(pathway), { mobileNumber: NATIONAL, consentToText: false });
    expect((await prison.get(`/v1/pathways/${pathway.id}`)).contact).toMatchObject({ consentToText: 'no', withdrawnBy: null, mobileNumberInWords: IN_WORDS });
    // A number without consent is never texted.
    expect(await textingContact(suite.db, config, pathway.id)).toBeNull();
  });

  it('takes no new number once the pathway is closed, and still takes a withdrawal', async () => {
    const pathway = await register();
    await prison.put(contactPath(pathway), { mobileNumber: NATIONAL, consentToText: true });
    await prison.post(`/v1/pathways/${pathway.id}/cancel`, { reason: 'Registered in error' });
    await eventually('the pathway closed', async () => (await prison.get(`/v1/pathways/${pathway.id}`)).status === 'closed');
    const refused = await prison.put(contactPath(pathway), { mobileNumber: NATIONAL, consentToText: true }, 409);
    expect(refused).toMatchObject({ type: expect.stringMatching(/pathway-closed$/) });
    expect((await prison.get(`/v1/pathways/${pathway.id}`)).actions.map((a: Json) => a.name)).toEqual(['withdraw-contact']);
    expect(await prison.delete(contactPath(pathway))).toMatchObject({ consentToText: 'withdrawn' });
  });

  it('audits every write, allowed or refused, and every answer that showed the number', async () => {
    const pathway = await register();
    await prison.put(contactPath(pathway), { mobileNumber: NATIONAL, consentToText: true });
    await probation.put(contactPath(pathway), { mobileNumber: NATIONAL, consentToText: true }, 403);
    await prison.put(contactPath(pathway), { mobileNumber: '0113 496 0123', consentToText: true }, 400);
    await community.get(`/v1/pathways/${pathway.id}`);
    await probation.get(`/v1/pathways/${pathway.id}`);
    await community.delete(contactPath(pathway));
    const lines: Json[] = await suite.db.query(
      `SELECT action, actor_org, status, target FROM audit_log WHERE pathway_id = $1 AND action IN ('pathway.contact-recorded', 'pathway.contact-withdrawn', 'pathway.read') ORDER BY id`,
      [pathway.id],
    );
    expect(lines).toEqual([
      { action: 'pathway.contact-recorded', actor_org: 'LEI', status: 200, target: 'pathway-contact' },
      { action: 'pathway.contact-recorded', actor_org: 'PDU-LDS', status: 403, target: null },
      { action: 'pathway.contact-recorded', actor_org: 'LEI', status: 400, target: null },
      { action: 'pathway.read', actor_org: 'CTS-LDS', status: 200, target: 'pathway-contact' },
      { action: 'pathway.read', actor_org: 'PDU-LDS', status: 200, target: null },
      { action: 'pathway.contact-withdrawn', actor_org: 'CTS-LDS', status: 200, target: null },
    ]);
  });

  it('re-seals every number under the new key after a rotation, so that the old key can be dropped', async () => {
    const pathway = await register();
    await prison.put(contactPath(pathway), { mobileNumber: NATIONAL, consentToText: true });
    const fresh = `c2:${randomBytes(32).toString('base64')}`;
    const rotated = { CONTACT_KEYS: `development:${DEVELOPMENT_CONTACT_KEY.toString('base64')},${fresh}`, CONTACT_KEY_ID: 'c2' };
    const newKeyOnly = { CONTACT_KEYS: fresh, CONTACT_KEY_ID: 'c2' };
    // In a transaction rolled back after: suites running alongside keep the development key.
    const runner = suite.db.createQueryRunner();
    await runner.startTransaction();
    try {
      expect(await resealContacts(runner.manager, contactBox(rotated))).toBeGreaterThan(0);
      expect((await runner.query(`SELECT key_id FROM pathway_contacts WHERE pathway_id = $1`, [pathway.id]))[0].key_id).toBe('c2');
      expect(await textingContact(runner.manager, newKeyOnly, pathway.id)).toEqual({ mobileNumber: E164 });
      expect(await resealContacts(runner.manager, contactBox(rotated))).toBe(0);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it('still shows the pathway, and takes a withdrawal or a new number, when a number was sealed under a key no longer held', async () => {
    const pathway = await register();
    await prison.put(contactPath(pathway), { mobileNumber: NATIONAL, consentToText: true });
    await suite.db.query(`UPDATE pathway_contacts SET key_id = 'dropped' WHERE pathway_id = $1`, [pathway.id]);
    const seen = await prison.get(`/v1/pathways/${pathway.id}`);
    expect(seen.contact).toMatchObject({ mobileNumber: null, mobileNumberInWords: null, mobileNumberUnreadable: true, consentToText: 'yes' });
    expect(seen.actions.map((a: Json) => a.name)).toEqual(expect.arrayContaining(['contact', 'withdraw-contact']));
    const again = await prison.put(contactPath(pathway), { mobileNumber: NATIONAL, consentToText: true });
    expect(again).toMatchObject({ mobileNumber: E164, consentToText: 'yes' });
    expect(again.mobileNumberUnreadable).toBeUndefined();
    await suite.db.query(`UPDATE pathway_contacts SET key_id = 'dropped' WHERE pathway_id = $1`, [pathway.id]);
    const withdrawn = await prison.delete(contactPath(pathway));
    expect(withdrawn).toMatchObject({ mobileNumber: null, consentToText: 'withdrawn' });
  });

  it('keeps the number out of the Temporal history, every organisation’s messages and every other table', async () => {
    const pathway = await register();
    // An Idempotency-Key is ignored here: no answer or fingerprint of the number is kept with it.
    const key = `contact-${pathway.id}`;
    const keyed = await prison.raw('put', contactPath(pathway)).set('idempotency-key', key).send({ mobileNumber: NATIONAL, consentToText: true });
    expect(keyed.status).toBe(200);
    expect(await suite.db.query(`SELECT key FROM idempotency_keys WHERE key = $1`, [key])).toEqual([]);
    // The handover goes on after it: the referral reaches the service, and organisations are told.
    const referral = pathway.tasks.find((t: Json) => t.type === 'referral');
    await prison.post(`/v1/tasks/${referral.id}/complete`, {});
    await eventually('the service told of the referral', async () => {
      const [{ count }] = await suite.db.query(`SELECT count(*)::int AS count FROM notifications WHERE pathway_id = $1 AND org_code = 'CTS-LDS'`, [pathway.id]);
      return count > 0;
    });

    // A keyed pathway event answers with the pathway, the number shown to the nurse: the answer
    // kept with the key for a repeat holds no number, and the repeat says it was shown once.
    const eventKey = `release-date-${pathway.id}`;
    const change = { releaseDate: londonDaysAhead(150), releaseDateType: 'CRD', reason: 'Recalculated' };
    const first = await prison.post(`/v1/pathways/${pathway.id}/release-date`, change, 200, eventKey);
    expect(first.contact.mobileNumber).toBe(`+447700${SUBSCRIBER}`);
    const repeat = await prison.post(`/v1/pathways/${pathway.id}/release-date`, change, 200, eventKey);
    expect(repeat.contact).toMatchObject({ mobileNumber: null, mobileNumberInWords: null, mobileNumberShownOnce: true, consentToText: 'yes' });

    // The history decoded with the payload key, so that an encrypted number would show too.
    const history = await suite.temporal.workflow.getHandle(pathwayWorkflowId(pathway.id)).fetchHistory();
    const decoded = await dataConverter(config).payloadCodecs![0].decode(payloadsIn(history));
    const text = decoded.map((p) => Buffer.from(p.data ?? []).toString('utf8')).join('\n');
    expect(text).toContain(`"pathwayId":"${pathway.id}"`); // decoding worked: the workflow's input
    expect(JSON.stringify(historyToJSON(history))).not.toContain(SUBSCRIBER);
    for (const spelling of [SUBSCRIBER, `${SUBSCRIBER.slice(0, 3)} ${SUBSCRIBER.slice(3)}`]) expect(text).not.toContain(spelling);

    // Every row of every table, as text (notifications, deliveries, the audit log, the timeline …).
    const tables: Json[] = await suite.db.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`);
    const holding: string[] = [];
    for (const { tablename } of tables) {
      const [{ count }] = await suite.db.query(`SELECT count(*)::int AS count FROM "${tablename}" t WHERE t::text LIKE $1`, [`%${SUBSCRIBER}%`]);
      if (count > 0) holding.push(tablename);
    }
    expect(holding).toEqual([]);
  });
});


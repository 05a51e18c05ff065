/**
 * The person replies STOP to a text (issue 26, item 3): GOV.UK Notify posts the reply to
 * POST /v1/notify/received-texts with the token set in NOTIFY_INBOUND_TOKEN; an opt-out word
 * withdraws consent on every pathway holding the sender's number, shown as the person's own
 * withdrawal; nothing else changes anything; the answer never says whether a number is known;
 * the number and the message are in no log and no audit line.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { contactBox, textingContact, withdrawRecording } from '@throughcare/persistence';
import type { Config } from '@throughcare/config';
import { spawnApi } from '../support/api-process';
import { ApiClient, Json } from '../support/api-client';
import { startSuite, Suite } from '../support/suite';
import { registration, startApi, suiteConfig } from '../support/system';

const PATH = '/v1/notify/received-texts';
const TOKEN = randomBytes(32).toString('base64url');
/** Numbers no other suite uses: 07700 7 (or 8, never recorded), then five digits of this run's own. */
const RUN = String(Date.now() % 100_000).padStart(5, '0');
const NATIONAL = `07700 7${RUN}`;
const AS_NOTIFY_SENDS = `4477007${RUN}`;
const UNKNOWN = `4477008${RUN}`;
const DIGITS = `77007${RUN}`;

const reply = (message: string, source_number = AS_NOTIFY_SENDS) => ({
  id: randomUUID(),
  source_number,
  destination_number: '07700900000',
  message,
  date_received: '2027-01-08 10:30:00.000000',
});

describe('replies of STOP to texts, from GOV.UK Notify', () => {
  let config: Config;
  let suite: Suite;
  let prison: ApiClient;
  let notify: ApiClient;

  beforeAll(async () => {
    config = suiteConfig({ NOTIFY_INBOUND_TOKEN: TOKEN });
    suite = await startSuite(config);
    prison = await suite.as('LEI', 'prison-healthcare');
    notify = new ApiClient(suite.api.getHttpServer(), TOKEN);
  });

  afterAll(() => suite?.close());

  const withNumber = async (mobileNumber = NATIONAL) => {
    const pathway = (await prison.post('/v1/releases', registration(), 201)) as Json;
    await prison.put(`/v1/pathways/${pathway.id}/contact`, { mobileNumber, consentToText: true });
    return pathway;
  };
  const contactOf = async (pathway: Json) => (await prison.get(`/v1/pathways/${pathway.id}`)).contact as Json;
  const auditLines = async (ids: string[]) =>
    (await suite.db.query(`SELECT * FROM audit_log WHERE pathway_id = ANY($1::uuid[]) AND action = 'pathway.contact-withdrawn-by-reply' ORDER BY id`, [ids])) as Json[];

  it('refuses a request without the token Notify was given, before reading its body', async () => {
    for (const authorization of [undefined, 'Bearer wrong', `Bearer ${TOKEN}x`, `Basic ${TOKEN}`, `Bearer ${TOKEN} ${TOKEN}`, `bearer ${TOKEN}`]) {
      const req = request(suite.api.getHttpServer()).post(PATH);
      if (authorization) req.set('Authorization', authorization);
      const res = await req.send({ message: 'STOP' });
      expect({ authorization, status: res.status }).toEqual({ authorization, status: 401 });
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    // A person's own valid token is not Notify's either.
    const res = await prison.raw('post', PATH).send(reply('STOP'));
    expect(res.status).toBe(401);
  });

  it('does not exist where NOTIFY_INBOUND_TOKEN is not set', async () => {
    const { app } = await startApi(suiteConfig());
    try {
      const res = await new ApiClient(app.getHttpServer(), TOKEN).raw('post', PATH).send(reply('STOP'));
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    } finally {
      await app.close();
    }
  });

  it('refuses wrong shapes and odd bytes with problem+json, and changes nothing', async () => {
    const pathway = await withNumber(`07700 7${String((Number(RUN) + 1) % 100_000).padStart(5, '0')}`);
    const bodies: unknown[] = [
      {},
      [],
      { ...reply('STOP'), id: 'not-a-uuid' },
      { ...reply('STOP'), message: 7 },
      { ...reply('STOP'), source_number: ['447700900123'] },
      { ...reply('STOP'), source_number: '4'.repeat(31) },
      { ...reply('STOP'), message: 'S'.repeat(1601) },
      { ...reply('STOP'), message: 'STOP\u0000' },
      { ...reply('STOP'), message: 'STOP\u202e' },
      { ...reply('STOP'), extra: true },
    ];
    for (const body of bodies) {
      const res = await notify.raw('post', PATH).send(body as object);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    const lone = await notify.raw('post', PATH).set('Content-Type', 'application/json').send(`{"id":"${randomUUID()}","source_number":"447700900123","destination_number":"0","message":"\\ud800","date_received":"x"}`);
    expect(lone.status).toBe(400);
    expect((await contactOf(pathway)).consentToText).toBe('yes');
  });

  /** The pathway's recording as a STOP reads it before deciding (withdraw-by-reply). */
  const readRecording = async (pathway: Json) =>
    ((await suite.db.query(`SELECT pathway_id, recorded_at::text AS recorded_at FROM pathway_contacts WHERE pathway_id = $1`, [pathway.id])) as Array<{ pathway_id: string; recorded_at: string }>)[0];

  it('still withdraws a recording resealed between the STOP reading it and erasing it, but not one recorded again', async () => {
    const resealed = await withNumber(`07700 7${String((Number(RUN) + 10) % 100_000).padStart(5, '0')}`);
    const read = await readRecording(resealed);
    // What contact-keys:reseal does to the row meanwhile: the same number, sealed afresh.
    const box = contactBox(config);
    const [row] = await suite.db.query(`SELECT key_id, mobile_ciphertext FROM pathway_contacts WHERE pathway_id = $1`, [resealed.id]);
    const again = box.seal(resealed.id, box.open(resealed.id, { keyId: row.key_id, ciphertext: row.mobile_ciphertext }));
    await suite.db.query(`UPDATE pathway_contacts SET key_id = $2, mobile_ciphertext = $3 WHERE pathway_id = $1`, [resealed.id, again.keyId, again.ciphertext]);
    expect(await withdrawRecording(suite.db, read)).toBe(true);
    expect(await contactOf(resealed)).toMatchObject({ consentToText: 'withdrawn', withdrawnByTextReply: true });

    const sameNumber = `07700 7${String((Number(RUN) + 11) % 100_000).padStart(5, '0')}`;
    const recordedAgain = await withNumber(sameNumber);
    const before = await readRecording(recordedAgain);
    await prison.put(`/v1/pathways/${recordedAgain.id}/contact`, { mobileNumber: sameNumber, consentToText: true });
    expect(await withdrawRecording(suite.db, before)).toBe(false);
    expect((await contactOf(recordedAgain)).consentToText).toBe('yes');
  });

  it('withdraws consent on every pathway holding the number when the person replies STOP, as their own withdrawal, and keeps neither number nor words', async () => {
    const [first, second] = [await withNumber(), await withNumber(`+44 7700 7${RUN}`)];
    const other = await withNumber(`07700 7${String((Number(RUN) + 2) % 100_000).padStart(5, '0')}`);

    // Anything but an opt-out word changes nothing.
    const question = `Is my appointment still on? ref ${RUN}Q`;
    for (const message of [question, 'please stop', 'STOPPING']) await notify.post(PATH, reply(message), 204);
    expect((await contactOf(first)).consentToText).toBe('yes');

    await notify.post(PATH, reply('  stop  '), 204);
    for (const pathway of [first, second]) {
      const contact = await contactOf(pathway);
      expect(contact).toMatchObject({ mobileNumber: null, mobileNumberInWords: null, consentToText: 'withdrawn', withdrawnBy: null, withdrawnByTextReply: true, withdrawnAt: expect.any(String) });
      expect(await textingContact(suite.db, config, pathway.id)).toBeNull();
    }
    expect((await contactOf(other)).consentToText).toBe('yes');
    expect(await textingContact(suite.db, config, other.id)).not.toBeNull();

    const lines = await auditLines([first.id, second.id, other.id]);
    expect(lines.map((l) => [l.pathway_id, l.actor_sub, l.actor_org, l.status])).toEqual(
      expect.arrayContaining([
        [first.id, 'system:notify-received-text', 'system', 204],
        [second.id, 'system:notify-received-text', 'system', 204],
      ]),
    );
    expect(lines).toHaveLength(2);
    const audit = JSON.stringify(await suite.db.query(`SELECT * FROM audit_log WHERE pathway_id = ANY($1::uuid[]) OR actor_sub LIKE 'system:notify%'`, [[first.id, second.id]]));
    for (const secret of [DIGITS, question, `${RUN}Q`]) expect(audit).not.toContain(secret);

    // STOP again, or from a number nobody recorded: the same answer, and nothing changes.
    await notify.post(PATH, reply('STOP'), 204);
    await notify.post(PATH, reply('STOP', UNKNOWN), 204);
    await notify.post(PATH, reply('STOP', 'Throughcare'), 204);
    expect(await auditLines([first.id, second.id, other.id])).toHaveLength(2);
    expect((await contactOf(other)).consentToText).toBe('yes');
  });

  // Phones end a line as they like: a reply over two lines is still the person's STOP, not bad input.
  const OTHER_OPT_OUTS = ['STOP ALL', 'Unsubscribe', 'end.', 'CANCEL', 'quit', 'STOP\r\n', 'Stop\n\n'];
  it.each(OTHER_OPT_OUTS)('takes %p as an opt-out too', async (message) => {
    const number = `07700 7${String((Number(RUN) + 3 + OTHER_OPT_OUTS.indexOf(message)) % 100_000).padStart(5, '0')}`;
    const pathway = await withNumber(number);
    await notify.post(PATH, reply(message, `44${number.replace(/\D/g, '').slice(1)}`), 204);
    expect((await contactOf(pathway)).withdrawnByTextReply).toBe(true);
  });

  it('writes neither the number nor the message to the logs', async () => {
    const number = `07700 7${String((Number(RUN) + 9) % 100_000).padStart(5, '0')}`;
    const digits = number.replace(/\D/g, '').slice(1);
    const pathway = await withNumber(number);
    const api = await spawnApi(config, 'debug', { NOTIFY_INBOUND_TOKEN: TOKEN });
    try {
      const send = (message: string) =>
        fetch(`${api.url}${PATH}`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, body: JSON.stringify(reply(message, `44${digits}`)) });
      expect((await send(`Running late ${RUN}L`)).status).toBe(204);
      expect((await send('Stop')).status).toBe(204);
      expect((await contactOf(pathway)).withdrawnByTextReply).toBe(true);
      const output = api.output();
      expect(output).toContain(PATH);
      for (const secret of [digits, `${RUN}L`, '"Stop"', TOKEN]) expect(output).not.toContain(secret);
    } finally {
      api.child.kill('SIGTERM');
    }
  });
});

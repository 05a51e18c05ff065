/**
 * Text reminders to the person about their first appointment (issue 26), end to end: the real
 * API, a worker process (its logs kept, to be searched) and the Temporal server, GOV.UK
 * Notify's own client talking to the stand-in, and a seconds policy (reminders 20 and 10
 * seconds before the appointment, no quiet hours), so the test holds at any hour. The texts are
 * read where people read them: GET /v1/pathways/{id}.
 */
import { INestApplication } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { Config } from '@throughcare/config';
import { dayInWords, renderText, revealingWord, timeInWords } from '@throughcare/domain';
import { dataSourceOptions } from '@throughcare/persistence';
import { dataConverter } from '@throughcare/temporal';
import { pathwayWorkflowId } from '@throughcare/workflows/pathway';
import { DataSource } from 'typeorm';
import { ApiClient, eventually, Json } from '../support/api-client';
import { FAST_AREA, installFastPolicy } from '../support/fast-policy';
import { payloadsIn, recordHistory } from '../support/histories';
import { NotifyStandIn } from '../support/notify-stand-in';
import { registration, startApi, suiteConfig, tokenFor } from '../support/system';
import { kill, spawnWorker, workerOutput } from '../support/worker-process';

describe('text reminders to the person through GOV.UK Notify', () => {
  const notify = new NotifyStandIn();
  let api: INestApplication;
  let worker: ChildProcess;
  let connection: Connection;
  let temporal: Client;
  let prison: ApiClient;
  let community: ApiClient;
  let probation: ApiClient;
  let commissioner: ApiClient;

  let config: Config;
  let db: DataSource;
  let settings: Record<string, string>;

  beforeAll(async () => {
    await notify.start();
    const notifySettings = {
      NOTIFY_API_KEY: notify.apiKey,
      NOTIFY_BASE_URL: notify.url,
      NOTIFY_TEMPLATE_ID_IMMEDIATE: randomUUID(),
      NOTIFY_TEMPLATE_ID_DIGEST: randomUUID(),
      NOTIFY_TEMPLATE_ID_SMS_BOOKED: randomUUID(),
      NOTIFY_TEMPLATE_ID_SMS_REMINDER: randomUUID(),
      NOTIFY_TEMPLATE_ID_SMS_MISSED: randomUUID(),
    };
    settings = notifySettings;
    config = suiteConfig(notifySettings);
    db = await new DataSource(dataSourceOptions(process.env.MIGRATION_DATABASE_URL!, { poolSize: 1 })).initialize();
    worker = await spawnWorker(config, { ...notifySettings, LOG_LEVEL: 'debug' });
    ({ app: api } = await startApi(config));
    connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
    temporal = new Client({ connection, dataConverter: dataConverter(config) });
    const as = async (org: string, role: string) => new ApiClient(api.getHttpServer(), await tokenFor(org, role));
    [prison, community, probation, commissioner] = await Promise.all([
      as('BMI', 'prison-healthcare'),
      as('CTS-BHM', 'community-treatment'),
      as('PDU-BHM', 'probation'),
      as('LA-BHM', 'commissioner'),
    ]);
    await installFastPolicy(await as('THC-OPS', 'admin'));
  });

  afterAll(async () => {
    await api?.close();
    if (worker) await kill(worker);
    await connection?.close();
    await db?.destroy();
    await notify.close();
  });

  const taskOf = (pathway: Json, type: string) => pathway.tasks.find((t: Json) => t.type === type && t.state === 'open');

  /** A pathway on the seconds policy whose first appointment is booked, by telephone, `inSeconds` from now; with the person's number and consent if given. */
  async function booked(inSeconds: number, mobileNumber?: string): Promise<{ pathway: Json; appointmentAt: string }> {
    const pathway = await prison.post('/v1/releases', registration({ prisonCode: 'BMI', destinationArea: FAST_AREA, treatment: { substances: ['alcohol'], onOst: false, consentToShare: true } }), 201);
    if (mobileNumber) await prison.put(`/v1/pathways/${pathway.id}/contact`, { mobileNumber, consentToText: true });
    await prison.post(`/v1/tasks/${taskOf(pathway, 'referral').id}/complete`, {});
    await community.post(`/v1/tasks/${taskOf(await prison.get(`/v1/pathways/${pathway.id}`), 'referral-acceptance').id}/accept`, {});
    const appointmentAt = new Date(Date.now() + inSeconds * 1000).toISOString();
    const booking = taskOf(await prison.get(`/v1/pathways/${pathway.id}`), 'appointment-booking');
    await community.post(`/v1/tasks/${booking.id}/complete`, { appointmentAt, place: { channel: 'telephone' } });
    return { pathway, appointmentAt };
  }

  const textsOf = async (id: string) => (await prison.get(`/v1/pathways/${id}`)).texts as Json[];

  it('with no number and consent recorded, records each text at its time as cancelled, and sends nothing', async () => {
    const { pathway, appointmentAt } = await booked(40);
    const at = new Date(appointmentAt).getTime();
    const texts = await eventually(
      'every text settled',
      async () => {
        const now = await textsOf(pathway.id);
        return now.length === 3 && now.every((t) => t.state !== 'planned') && now;
      },
      60_000,
    );
    expect(texts.map((t) => [t.kind, t.state, t.reason])).toEqual([
      ['booked', 'cancelled', 'no-consent'],
      ['reminder', 'cancelled', 'no-consent'],
      ['reminder', 'cancelled', 'no-consent'],
    ]);
    expect(texts.slice(1).map((t) => new Date(t.dueAt).getTime())).toEqual([at - 20_000, at - 10_000]);
    // Each was checked when it fell due, not before.
    for (const text of texts) expect(new Date(text.settledAt).getTime()).toBeGreaterThanOrEqual(new Date(text.dueAt).getTime());
    expect(notify.texts).toEqual([]);
    expect(notify.refused).toEqual([]);
    await recordHistory(temporal, 'texts-planned-and-cancelled', pathway.id);
  });

  it('shows the texts to the healthcare teams only', async () => {
    const { pathway } = await booked(600);
    await eventually('the booking text settled', async () => (await textsOf(pathway.id)).some((t) => t.kind === 'booked' && t.state !== 'planned'));
    expect((await community.get(`/v1/pathways/${pathway.id}`)).texts.length).toBe(3);
    expect((await probation.get(`/v1/pathways/${pathway.id}`)).texts).toBeNull();
    expect((await commissioner.get(`/v1/pathways/${pathway.id}`)).texts).toBeNull();
  });

  /** Mobile numbers (07700 1xxxxx, as the contact suite's, five digits apart from its own) no other suite uses. */
  const own = (offset: number) => `1${String((Date.now() + offset) % 100_000).padStart(5, '0')}`;
  const [first, second] = [own(33_333), own(66_666)];
  const WITHDRAWING = { national: `07700${first}`, e164: `+447700${first}` };
  const WRONG = { national: `07700${second}`, e164: `+447700${second}` };
  const sentTo = (e164: string) => notify.texts.filter((t) => t.body.phone_number === e164);

  it('texts the booking at once and the reminders at the offsets, with the service, time, place and phone and no revealing word; a withdrawal stops the rest', async () => {
    const { pathway, appointmentAt } = await booked(45, WITHDRAWING.national);
    const at = new Date(appointmentAt);
    const [booking] = await eventually('the booking text', async () => sentTo(WITHDRAWING.e164).length >= 1 && sentTo(WITHDRAWING.e164));
    expect(booking.body.template_id).toBe(settings.NOTIFY_TEMPLATE_ID_SMS_BOOKED);
    expect(booking.body.personalisation).toEqual({ service: 'Change Grow Live Birmingham', phone: '0121 496 0456', day: dayInWords(at), time: timeInWords(at), place: 'They will phone you.' });
    expect(revealingWord(renderText('booked', booking.body.personalisation))).toBeUndefined();
    const [, reminder] = await eventually('the first reminder', async () => sentTo(WITHDRAWING.e164).length >= 2 && sentTo(WITHDRAWING.e164), 60_000);
    expect(reminder.body.template_id).toBe(settings.NOTIFY_TEMPLATE_ID_SMS_REMINDER);
    expect(reminder.at!).toBeGreaterThanOrEqual(at.getTime() - 20_000);
    // The person withdraws before the last reminder: it is cancelled at its time, never sent.
    await prison.delete(`/v1/pathways/${pathway.id}/contact`);
    const texts = await eventually(
      'every text settled',
      async () => {
        const now = await textsOf(pathway.id);
        return now.every((t) => !['planned', 'sent'].includes(t.state)) && now;
      },
      60_000,
    );
    expect(texts.map((t) => [t.kind, t.state, t.reason])).toEqual([
      ['booked', 'delivered', null],
      ['reminder', 'delivered', null],
      ['reminder', 'cancelled', 'no-consent'],
    ]);
    expect(sentTo(WITHDRAWING.e164)).toHaveLength(2);
    // Each time the number went to Notify, the audit trail says so, under the text's reference.
    const disclosed = await db.query(`SELECT actor_sub, actor_org, target, correlation_id FROM audit_log WHERE pathway_id = $1 AND action = 'pathway.contact-sent-to-notify' ORDER BY id`, [pathway.id]);
    expect(disclosed).toEqual(
      sentTo(WITHDRAWING.e164).map((sent) => ({ actor_sub: 'system:texts', actor_org: 'CTS-BHM', target: 'pathway-contact', correlation_id: sent.body.reference })),
    );
    await recordHistory(temporal, 'texts-sent-then-withdrawn', pathway.id);
  });

  const third = own(11_111);
  const MOVING = { national: `07700${third}`, e164: `+447700${third}` };

  it('a re-arranged appointment cancels the texts about the old time and texts the new day, time and place', async () => {
    const { pathway, appointmentAt } = await booked(600, MOVING.national);
    await eventually('the booking text', async () => sentTo(MOVING.e164).length >= 1);
    const step = taskOf(await prison.get(`/v1/pathways/${pathway.id}`), 'first-appointment');
    const movedAt = new Date(new Date(appointmentAt).getTime() + 3_600_000);
    await community.post(`/v1/tasks/${step.id}/rearrange`, { appointmentAt: movedAt.toISOString(), place: { channel: 'video' } });
    const [, moved] = await eventually('the text about the new time', async () => sentTo(MOVING.e164).length >= 2 && sentTo(MOVING.e164), 60_000);
    expect(moved.body.template_id).toBe(settings.NOTIFY_TEMPLATE_ID_SMS_BOOKED);
    expect(moved.body.personalisation).toMatchObject({ day: dayInWords(movedAt), time: timeInWords(movedAt) });
    expect(moved.body.personalisation.place).toBe('It is a video call: they will send you the link.');
    const texts = await textsOf(pathway.id);
    const aboutOld = texts.filter((t) => t.kind === 'reminder' && t.state === 'cancelled');
    expect(aboutOld.map((t) => t.reason)).toEqual(['appointment-moved', 'appointment-moved']);
    const planned = texts.filter((t) => t.kind === 'reminder' && t.state === 'planned').map((t) => new Date(t.dueAt).getTime());
    expect(planned).toEqual([movedAt.getTime() - 20_000, movedAt.getTime() - 10_000]);
    await recordHistory(temporal, 'texts-rearranged', pathway.id);
  });

  const fourth = own(44_444);
  const REPLACED = { national: `07700${fourth}`, e164: `+447700${fourth}` };

  it('a new place at the same time texts the booking again with the new place, and plans the reminders again (patch texts-timely)', async () => {
    const { pathway, appointmentAt } = await booked(600, REPLACED.national);
    await eventually('the booking text', async () => sentTo(REPLACED.e164).length >= 1);
    const step = taskOf(await prison.get(`/v1/pathways/${pathway.id}`), 'first-appointment');
    await community.post(`/v1/tasks/${step.id}/rearrange`, { appointmentAt, place: { channel: 'video' } });
    const [, again] = await eventually('the text about the new place', async () => sentTo(REPLACED.e164).length >= 2 && sentTo(REPLACED.e164), 60_000);
    expect(again.body.template_id).toBe(settings.NOTIFY_TEMPLATE_ID_SMS_BOOKED);
    expect(again.body.personalisation).toMatchObject({ day: dayInWords(new Date(appointmentAt)), place: 'It is a video call: they will send you the link.' });
    const texts = await textsOf(pathway.id);
    // Listed by when they go: each reminder about the old place beside its twin about the new.
    expect(texts.filter((t) => t.kind === 'reminder').map((t) => [t.state, t.reason])).toEqual([
      ['cancelled', 'appointment-moved'],
      ['planned', null],
      ['cancelled', 'appointment-moved'],
      ['planned', null],
    ]);
    await recordHistory(temporal, 'texts-place-changed', pathway.id);
  });

  const fifth = own(88_888);
  const LATE = { national: `07700${fifth}`, e164: `+447700${fifth}` };

  it('a booking recorded after the appointment’s time (to record attendance) texts nothing (patch texts-timely)', async () => {
    const { pathway } = await booked(-3_600, LATE.national);
    expect(await textsOf(pathway.id)).toEqual([]);
    // The attendance recorded at once: nothing about the appointment, and no missed text for one attended.
    const step = taskOf(await prison.get(`/v1/pathways/${pathway.id}`), 'first-appointment');
    await community.post(`/v1/tasks/${step.id}/complete`, { attended: true });
    expect(await textsOf(pathway.id)).toEqual([]);
    expect(sentTo(LATE.e164)).toEqual([]);
    await recordHistory(temporal, 'texts-booked-after-the-appointment', pathway.id);
  });

  it('a wrong number becomes a notice to the community treatment service and the prison; no number in the history, the logs or any message', async () => {
    notify.outcomes.set(WRONG.e164, 'permanent-failure');
    const { pathway } = await booked(600, WRONG.national);
    const failed = await eventually('the booking text failed', async () => (await textsOf(pathway.id)).find((t) => t.kind === 'booked' && t.state === 'failed'), 60_000);
    expect(failed.reason).toBe('permanent-failure');
    const notice = await eventually('the notice', async () => (await community.get(`/v1/pathways/${pathway.id}`)).escalations.find((e: Json) => e.level === 'notice' && /text/.test(e.reason)));
    expect(notice.notify.map((n: Json) => n.org).sort()).toEqual(['BMI', 'CTS-BHM']);
    const history = await temporal.workflow.getHandle(pathwayWorkflowId(pathway.id)).fetchHistory();
    const decoded = (await dataConverter(config).payloadCodecs![0].decode(payloadsIn(history))).map((p) => Buffer.from(p.data ?? []).toString('utf8')).join('\n');
    expect(decoded).toContain(`"pathwayId":"${pathway.id}"`); // decoding worked
    const told = JSON.stringify(await db.query(`SELECT * FROM notifications WHERE pathway_id = $1`, [pathway.id]));
    expect(told).toContain('"event":"pathway.notice"'); // the notice reached the organisations' messages
    for (const n of [WRONG, WITHDRAWING, MOVING, REPLACED]) {
      for (const spelling of [n.e164, n.national, n.national.slice(1), `${n.national.slice(0, 5)} ${n.national.slice(5)}`]) {
        expect(decoded).not.toContain(spelling);
        expect(workerOutput(worker)).not.toContain(spelling);
        expect(told).not.toContain(spelling);
        expect(JSON.stringify(notify.emails.map((e) => e.raw))).not.toContain(spelling);
      }
    }
  });
});

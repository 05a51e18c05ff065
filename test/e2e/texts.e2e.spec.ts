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
import { dataConverter } from '@throughcare/temporal';
import { ApiClient, eventually, Json } from '../support/api-client';
import { FAST_AREA, installFastPolicy } from '../support/fast-policy';
import { recordHistory } from '../support/histories';
import { NotifyStandIn } from '../support/notify-stand-in';
import { registration, startApi, suiteConfig, tokenFor } from '../support/system';
import { kill, spawnWorker } from '../support/worker-process';

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
    const config = suiteConfig(notifySettings);
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
    await notify.close();
  });

  const taskOf = (pathway: Json, type: string) => pathway.tasks.find((t: Json) => t.type === type && t.state === 'open');

  /** A pathway on the seconds policy whose first appointment is booked, by telephone, `inSeconds` from now. */
  async function booked(inSeconds: number): Promise<{ pathway: Json; appointmentAt: string }> {
    const pathway = await prison.post('/v1/releases', registration({ prisonCode: 'BMI', destinationArea: FAST_AREA, treatment: { substances: ['alcohol'], onOst: false, consentToShare: true } }), 201);
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
});

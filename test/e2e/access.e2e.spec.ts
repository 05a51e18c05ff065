/** Least privilege: each organisation sees only its pathways, and only what it needs of them. */
import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { ApiClient, eventually, Json } from '../support/api-client';
import { registration, startApi, startWorker, suiteConfig, tokenFor } from '../support/system';
import { londonDaysAhead } from '../support/dates';

describe('what each organisation sees', () => {
  let api: INestApplication;
  let worker: INestApplicationContext;
  const clients: Record<string, ApiClient> = {};

  beforeAll(async () => {
    const config = suiteConfig();
    worker = await startWorker(config);
    ({ app: api } = await startApi(config));
    for (const [org, role] of [
      ['LEI', 'prison-healthcare'],
      ['BMI', 'prison-healthcare'],
      ['CTS-LDS', 'community-treatment'],
      ['PDU-LDS', 'probation'],
      ['LA-LDS', 'commissioner'],
      ['LA-BHM', 'commissioner'],
    ]) {
      clients[org] = new ApiClient(api.getHttpServer(), await tokenFor(org, role));
    }
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
  });

  it('shows treatment to healthcare, to probation only with consent, and no identity to the commissioner', async () => {
    const withConsent = await clients.LEI.post('/v1/releases', registration(), 201);
    const without = await clients.LEI.post('/v1/releases', registration({ treatment: { substances: ['alcohol'], onOst: false, consentToShare: false } }), 201);

    expect((await clients['CTS-LDS'].get(`/v1/pathways/${without.id}`)).treatment).toMatchObject({ substances: ['alcohol'] });
    expect((await clients['PDU-LDS'].get(`/v1/pathways/${withConsent.id}`)).treatment).toMatchObject({ onOst: true });
    const probationView = await clients['PDU-LDS'].get(`/v1/pathways/${without.id}`);
    expect(probationView.treatment).toBeNull();
    expect(probationView.person).toMatchObject({ prisonNumber: without.person.prisonNumber });
    const commissionerView = await clients['LA-LDS'].get(`/v1/pathways/${without.id}`);
    expect(commissionerView).toMatchObject({ person: null, treatment: null, destinationArea: 'E08000035' });
    await clients['LA-BHM'].get(`/v1/pathways/${without.id}`, 404);
  });

  it('says whom each task is for in a worklist, and never to the commissioner', async () => {
    const pathway = await clients.LEI.post('/v1/releases', registration({ givenName: 'Robin', familyName: 'Worklist' }), 201);
    const ack = (await clients['PDU-LDS'].get(`/v1/tasks?pathwayId=${pathway.id}`)).items[0];
    expect(ack).toMatchObject({ type: 'probation-acknowledgement', person: { prisonNumber: pathway.person.prisonNumber, givenName: 'Robin', familyName: 'Worklist' } });
    const referral = (await clients.LEI.get(`/v1/tasks?pathwayId=${pathway.id}&type=referral`)).items[0];
    expect(referral.person).toMatchObject({ givenName: 'Robin' });
    expect((await clients['LA-LDS'].get(`/v1/tasks/${referral.id}`)).person).toBeNull();
  });

  it('hides what reveals treatment from probation without consent, and free text from the commissioner', async () => {
    const tomorrow = new Date(Date.now() + 86_400_000).toLocaleDateString('en-CA', { timeZone: 'Europe/London' });
    // Released tomorrow on OST: the OST bridge is overdue at once and escalates.
    const pathway = await clients.LEI.post(
      '/v1/releases',
      registration({ releaseDate: tomorrow, releaseDateType: 'CONFIRMED', treatment: { substances: ['opiates'], onOst: true, consentToShare: false } }),
      201,
    );
    const taskOf = (p: Json, type: string) => p.tasks.find((t: Json) => t.type === type);
    const ostBridge = taskOf(pathway, 'ost-bridging');
    await clients.LEI.post(`/v1/tasks/${taskOf(pathway, 'referral').id}/complete`, {});
    const acceptance = taskOf(await clients.LEI.get(`/v1/pathways/${pathway.id}`), 'referral-acceptance');
    await clients['CTS-LDS'].post(`/v1/tasks/${acceptance.id}/decline`, { reason: 'Needs alcohol detox first; on methadone 60 ml' });
    await eventually('the OST bridge escalated', async () => (await clients.LEI.get(`/v1/escalations?pathwayId=${pathway.id}`)).items.some((e: Json) => e.taskId === ostBridge.id));

    const prisonView = await clients.LEI.get(`/v1/pathways/${pathway.id}`);
    expect(prisonView.tasks.map((t: Json) => t.type)).toEqual(expect.arrayContaining(['ost-bridging', 'naloxone']));
    expect(taskOf(prisonView, 'referral-acceptance').details).toEqual({ reason: 'Needs alcohol detox first; on methadone 60 ml' });

    const probationView = await clients['PDU-LDS'].get(`/v1/pathways/${pathway.id}`);
    const revealed = JSON.stringify(probationView);
    expect(probationView.tasks.map((t: Json) => t.type)).not.toEqual(expect.arrayContaining(['ost-bridging']));
    expect(revealed).not.toMatch(/ost-bridging|naloxone|methadone|detox/);
    expect(probationView.escalations.map((e: Json) => e.taskId)).not.toContain(ostBridge.id);
    await clients['PDU-LDS'].get(`/v1/tasks/${ostBridge.id}`, 404);
    const probationEscalations = await clients['PDU-LDS'].get(`/v1/escalations?pathwayId=${pathway.id}`);
    expect(JSON.stringify(probationEscalations)).not.toMatch(/ost-bridging|naloxone/);

    const commissionerView = await clients['LA-LDS'].get(`/v1/pathways/${pathway.id}`);
    expect(taskOf(commissionerView, 'ost-bridging')).toBeDefined(); // to act on its escalations, without knowing who
    expect(JSON.stringify(commissionerView)).not.toMatch(/methadone|detox|Example/);
    expect((await clients['LA-LDS'].get(`/v1/tasks/${acceptance.id}`)).details).toEqual({});

    // Free text about the person reaches only healthcare: here, why the pathway was cancelled.
    await clients.LEI.post(`/v1/pathways/${pathway.id}/cancel`, { reason: 'Moved to a residential detox unit' });
    const cancelled = await clients.LEI.get(`/v1/pathways/${pathway.id}`);
    expect(JSON.stringify(cancelled)).toMatch(/residential detox/);
    const acknowledgement = taskOf(cancelled, 'probation-acknowledgement');
    expect(taskOf(cancelled, 'probation-acknowledgement').cancelReason).toMatch(/residential detox/);
    for (const client of [clients['PDU-LDS'], clients['LA-LDS']]) {
      expect(JSON.stringify(await client.get(`/v1/pathways/${pathway.id}`))).not.toMatch(/detox/);
      expect(await client.get(`/v1/tasks/${acknowledgement.id}`)).toMatchObject({ state: 'cancelled', cancelReason: null });
    }
  });

  it('shows a commissioner the pathways of its areas, and those routed to it', async () => {
    const named = await clients.LEI.post('/v1/releases', registration({ commissionerCode: 'LA-BHM' }), 201);
    expect(named.organisations.commissioner).toBe('LA-BHM');
    await clients['LA-BHM'].get(`/v1/pathways/${named.id}`);
    expect(await clients['LA-LDS'].get(`/v1/pathways/${named.id}`)).toMatchObject({ destinationArea: 'E08000035', person: null });
  });

  it('lists an organisation’s pathways with filters and cursor pagination, and no one else’s', async () => {
    // A day far enough ahead that only this test's pathways are likely on it, counted from today.
    const releaseDate = londonDaysAhead(200 + Math.floor(Math.random() * 400));
    const mine = [
      await clients.LEI.post('/v1/releases', registration({ releaseDate, releaseDateType: 'CONFIRMED' }), 201),
      await clients.LEI.post('/v1/releases', registration({ releaseDate, releaseDateType: 'CONFIRMED' }), 201),
    ];
    const query = `/v1/pathways?prison=LEI&status=active&releaseFrom=${releaseDate}&releaseTo=${releaseDate}&limit=1`;
    const first = await clients.LEI.get(query);
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).toEqual(expect.any(String));
    const ids: string[] = [first.items[0].id];
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await clients.LEI.get(`${query}&cursor=${cursor}`);
      ids.push(...page.items.map((p: Json) => p.id));
      cursor = page.nextCursor;
    }
    expect(ids).toEqual(expect.arrayContaining(mine.map((p) => p.id)));
    expect(new Set(ids).size).toBe(ids.length);

    const other = await clients.BMI.get(`/v1/pathways?releaseFrom=${releaseDate}&releaseTo=${releaseDate}&limit=200`);
    expect(other.items.map((p: Json) => p.id)).not.toEqual(expect.arrayContaining([mine[0].id]));
    const commissioner = await clients['LA-LDS'].get(`/v1/pathways?area=E08000035&releaseFrom=${releaseDate}&releaseTo=${releaseDate}&limit=200`);
    expect(commissioner.items.find((p: Json) => p.id === mine[0].id)).toMatchObject({ person: null });
    await clients.LEI.get('/v1/pathways?releaseFrom=soon', 400);
    await clients.LEI.get('/v1/pathways?cursor=not-a-cursor', 400);
  });
});

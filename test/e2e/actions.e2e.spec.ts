/**
 * `actions`: every task and pathway the API returns says what its caller may do now, and the API
 * takes exactly that. Each group sees only what the access table gives it; what is offered is
 * taken, and what is not offered is refused.
 */
import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { ApiClient, eventually, Json } from '../support/api-client';
import { londonToday } from '../support/dates';
import { registration, startApi, startWorker, suiteConfig, tokenFor } from '../support/system';

const names = (thing: Json) => (thing.actions as Json[]).map((a) => a.name);

describe('actions', () => {
  let worker: INestApplicationContext;
  let api: INestApplication;
  let as: Record<'prison' | 'otherPrison' | 'community' | 'probation' | 'commissioner' | 'admin', ApiClient>;

  beforeAll(async () => {
    const config = suiteConfig();
    worker = await startWorker(config);
    ({ app: api } = await startApi(config));
    const client = async (org: string, role: string) => new ApiClient(api.getHttpServer(), await tokenFor(org, role));
    as = {
      prison: await client('LEI', 'prison-healthcare'),
      otherPrison: await client('BMI', 'prison-healthcare'),
      community: await client('CTS-LDS', 'community-treatment'),
      probation: await client('PDU-LDS', 'probation'),
      commissioner: await client('LA-LDS', 'commissioner'),
      admin: await client('THC-OPS', 'admin'),
    };
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
  });

  /** A fresh Leeds pathway, once its first tasks are written. */
  async function registered(): Promise<Json> {
    const { id } = await as.prison.post('/v1/releases', registration(), 201);
    return eventually('the first tasks', async () => {
      const p = await as.prison.get(`/v1/pathways/${id}`);
      return p.tasks.some((t: Json) => t.type === 'referral') && p;
    });
  }

  it('offers each group the pathway events the access table gives it, and its own open tasks’ actions', async () => {
    const { id } = await registered();
    const seen = {
      prison: await as.prison.get(`/v1/pathways/${id}`),
      community: await as.community.get(`/v1/pathways/${id}`),
      probation: await as.probation.get(`/v1/pathways/${id}`),
      commissioner: await as.commissioner.get(`/v1/pathways/${id}`),
    };
    // The person's mobile number is for the healthcare teams only (prison and community).
    expect(names(seen.prison)).toEqual(['released', 'release-date', 'returned-to-custody', 'transfer', 'cancel', 'contact']);
    expect(names(seen.probation)).toEqual(['returned-to-custody']);
    expect(names(seen.community)).toEqual(['contact']);
    expect(names(seen.commissioner)).toEqual([]);
    await as.otherPrison.get(`/v1/pathways/${id}`, 404);

    // Each event with the fields of its body.
    expect(seen.probation.actions[0]).toEqual({
      name: 'returned-to-custody',
      href: `/v1/pathways/${id}/returned-to-custody`,
      fields: [
        { name: 'on', kind: 'date', required: true },
        { name: 'reason', kind: 'text', required: true },
      ],
    });
    expect(seen.prison.actions.find((a: Json) => a.name === 'transfer').fields).toEqual([{ name: 'prisonCode', kind: 'organisation', organisationType: 'prison', required: true }]);

    // Tasks: actions only on the caller's organisation's own, as their type allows, once they may be
    // started (GP registration is for the weeks before release: it says from when, and offers nothing yet).
    for (const [group, pathway] of Object.entries(seen)) {
      for (const task of pathway.tasks as Json[]) {
        const own = pathway === seen.prison ? task.owner === 'LEI' : pathway === seen.community ? task.owner === 'CTS-LDS' : pathway === seen.probation ? task.owner === 'PDU-LDS' : false;
        const startable = task.startsAt === null;
        expect({ group, type: task.type, offered: task.actions.length > 0 }).toEqual({ group, type: task.type, offered: own && task.state === 'open' && startable });
      }
    }
    const gp = seen.prison.tasks.find((t: Json) => t.type === 'gp-registration');
    expect({ startsAt: new Date(gp.startsAt) > new Date(), actions: gp.actions }).toEqual({ startsAt: true, actions: [] });
    const referral = seen.prison.tasks.find((t: Json) => t.type === 'referral');
    expect(referral.actions).toEqual([{ name: 'complete', href: `/v1/tasks/${referral.id}/complete`, fields: [] }]);
    expect((await as.prison.get(`/v1/tasks/${referral.id}`)).actions).toEqual(referral.actions);
    const acknowledgement = seen.probation.tasks.find((t: Json) => t.type === 'probation-acknowledgement');
    expect(names(acknowledgement)).toEqual(['acknowledge']);
  });

  it('refuses what it does not offer, and takes what it offers', async () => {
    const pathway = await registered();
    const { id } = pathway;
    const referral = pathway.tasks.find((t: Json) => t.type === 'referral');
    // Not offered: the wrong group, the wrong action for the task's type.
    await as.community.post(`/v1/pathways/${id}/cancel`, { reason: 'Not ours' }, 403);
    await as.probation.post(`/v1/pathways/${id}/cancel`, { reason: 'Not ours' }, 403);
    await as.commissioner.post(`/v1/pathways/${id}/returned-to-custody`, { on: londonToday(), reason: 'Recalled' }, 403);
    await as.prison.post(`/v1/tasks/${referral.id}/accept`, {}, 409);
    expect([403, 404]).toContain((await as.community.raw('post', `/v1/tasks/${referral.id}/complete`).send({})).status);

    // Offered: the prison completes its referral, and the task offers nothing more.
    const done = await as.prison.post(referral.actions[0].href, {});
    expect(done.state).toBe('done');
    expect(done.actions).toEqual([]);
    await as.prison.post(referral.actions[0].href, {}, 409);

    // Once the release is recorded, no release date, release or transfer is offered, and none is taken.
    await as.prison.post(`/v1/pathways/${id}/released`, { releasedOn: londonToday(), kind: 'planned' });
    await eventually('the release on the pathway', async () => (await as.prison.get(`/v1/pathways/${id}`)).releasedOn);
    expect(names(await as.prison.get(`/v1/pathways/${id}`))).toEqual(['returned-to-custody', 'cancel', 'contact']);
    await as.prison.post(`/v1/pathways/${id}/transfer`, { prisonCode: 'BMI' }, 409);

    // Probation records a return to custody, as offered; the closed pathway offers nothing to anyone.
    const offered = (await as.probation.get(`/v1/pathways/${id}`)).actions[0];
    await as.probation.post(offered.href, { on: londonToday(), reason: 'Recalled' });
    const returned = await eventually('the pathway closed', async () => {
      const p = await as.probation.get(`/v1/pathways/${id}`);
      return p.status === 'closed' && p;
    });
    expect(names(returned)).toEqual([]);
    expect(names(await as.prison.get(`/v1/pathways/${id}`))).toEqual([]);
    await as.prison.post(`/v1/pathways/${id}/cancel`, { reason: 'Too late' }, 409);
  });

  it('lists each pathway and task with the caller’s actions', async () => {
    const { id } = await registered();
    const page = await as.probation.get(`/v1/pathways?q=${(await as.prison.get(`/v1/pathways/${id}`)).person.prisonNumber}`);
    expect(names(page.items.find((p: Json) => p.id === id))).toEqual(['returned-to-custody']);
    const worklist = await as.prison.get(`/v1/tasks?pathwayId=${id}`);
    expect(worklist.items.map((t: Json) => [t.type, names(t)])).toContainEqual(['referral', ['complete']]);
  });
});

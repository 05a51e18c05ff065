/** Policies are versioned data; a pathway keeps the version it started with. */
import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { ApiClient, Json } from '../support/api-client';
import { FAST_AREA, FAST_POLICY, installFastPolicy } from '../support/fast-policy';
import { registration, startApi, startWorker, suiteConfig, tokenFor } from '../support/system';

describe('policies', () => {
  let api: INestApplication;
  let worker: INestApplicationContext;
  let admin: ApiClient;
  let prison: ApiClient;

  beforeAll(async () => {
    const config = suiteConfig();
    worker = await startWorker(config);
    ({ app: api } = await startApi(config));
    admin = new ApiClient(api.getHttpServer(), await tokenFor('THC-OPS', 'admin'));
    prison = new ApiClient(api.getHttpServer(), await tokenFor('BMI', 'prison-healthcare'));
    await installFastPolicy(admin);
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
  });

  it('keeps a running pathway on the version it started with when the policy gets a new version', async () => {
    const pathway = await prison.post('/v1/releases', registration({ prisonCode: 'BMI', destinationArea: FAST_AREA }), 201);
    expect(pathway.policy.id).toBe(FAST_POLICY.id);
    const key = `policy-${pathway.id}`;
    const next = await admin.post('/v1/policies', FAST_POLICY, 201, key);
    expect(next.version).toBeGreaterThan(pathway.policy.version);
    expect((await admin.post('/v1/policies', FAST_POLICY, 201, key)).version).toBe(next.version); // a retry makes no new version
    expect((await prison.get(`/v1/pathways/${pathway.id}`)).policy).toEqual(pathway.policy);
    // Retries racing each other and the first: one new version, the same answer for all.
    const racing = { ...FAST_POLICY, id: `race-${pathway.id.slice(0, 8)}` };
    const raced = await Promise.all(Array.from({ length: 5 }, () => admin.post('/v1/policies', racing, 201, `policy-race-${pathway.id}`)));
    expect(raced.map((p) => p.version)).toEqual([1, 1, 1, 1, 1]);
    expect((await admin.get('/v1/policies')).filter((p: Json) => p.id === racing.id)).toHaveLength(1);
    const later = await prison.post('/v1/releases', registration({ prisonCode: 'BMI', destinationArea: FAST_AREA }), 201);
    expect(later.policy.version).toBeGreaterThanOrEqual(next.version);
    const listed = await admin.get('/v1/policies');
    expect(listed[0]).toMatchObject({ id: 'england-default', version: 1 });
    expect(listed.filter((p: Json) => p.id === FAST_POLICY.id).length).toBeGreaterThanOrEqual(2);
  });

  it('gives each of several admins creating versions of one policy at once a version of their own, none overwritten', async () => {
    const id = `together-${Date.now().toString(36)}`;
    const created = await Promise.all(Array.from({ length: 6 }, (_, i) => admin.post('/v1/policies', { ...FAST_POLICY, id, outcomeWindow: `P${30 + i}D` }, 201, `together-${id}-${i}`)));
    expect(created.map((p) => p.version).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
    // Each version holds what its own request sent, as it was answered.
    const kept = (await admin.get('/v1/policies')).filter((p: Json) => p.id === id);
    expect(kept.map((p: Json) => [p.version, p.definition.outcomeWindow, p.createdAt]).sort()).toEqual(created.map((p) => [p.version, p.definition.outcomeWindow, p.createdAt]).sort());
    expect(new Set(created.map((p) => p.definition.outcomeWindow)).size).toBe(6);
  });

  /** The fast policy with its assessment step (steps.0) due at this offset. */
  const assessmentDue = (offset: string) => ({ steps: FAST_POLICY.steps.map((step, i) => (i === 0 ? { ...step, due: { anchor: 'registration', offset } } : step)) });

  it.each([
    ['a deadline of +99999999WD', assessmentDue('+99999999WD'), 'steps.0.due.offset', /^the assessment step's deadline is more than 260 working days/],
    ['a deadline of +99999999999999999999D', assessmentDue('+99999999999999999999D'), 'steps.0.due.offset', /^the assessment step's deadline is more than 366 days/],
    ['a deadline of P99999999Y', assessmentDue('P99999999Y'), 'steps.0.due.offset', /^the assessment step's deadline is longer than a year/],
    ['a deadline of PT99999999999999999999S', assessmentDue('PT99999999999999999999S'), 'steps.0.due.offset', /^the assessment step's deadline is longer than a year/],
    ['a deadline of P', assessmentDue('P'), 'steps.0.due.offset', /offset/],
    ['an outcome window of +5000000WD', { outcomeWindow: '+5000000WD' }, 'outcomeWindow', /^the outcome window counts calendar days/],
    ['an outcome window of P', { outcomeWindow: 'P' }, 'outcomeWindow', /offset/],
    ['an outcome window of -P100Y', { outcomeWindow: '-P100Y' }, 'outcomeWindow', /^the outcome window must end after release/],
    ['an L2 escalation 300 working days after the deadline', { ladder: FAST_POLICY.ladder.map((r) => (r.level === 'L2' ? { ...r, offset: '+300WD' } : r)) }, 'ladder.2.offset', /^the L2 escalation's time/],
  ])('refuses %s with a field error naming the step and the field, and stores nothing', async (_, change, field, words) => {
    const id = `absurd-${Math.random().toString(36).slice(2, 10)}`;
    const problem = await admin.post('/v1/policies', { ...FAST_POLICY, id, ...change }, 400);
    expect(problem.type).toMatch(/validation/);
    // A malformed offset is refused by its shape, with a code for the pages; one out of bounds by the domain's bounds.
    const code = words.source === 'offset' ? { code: 'not-an-offset' } : {};
    expect(problem.errors).toEqual([{ field, ...code, messages: [expect.stringMatching(words)] }]);
    expect(JSON.stringify(problem.errors)).not.toMatch(/[\\^$]|must match|regular expression/);
    expect((await admin.get('/v1/policies')).some((p: Json) => p.id === id)).toBe(false);
  });

  it.each([
    ['notices naming nobody', { notices: { 'referral-declined': [] } }, 'notices.referral-declined', 'required', /^the notice of a declined referral names nobody: choose one or more of prison, community-treatment, probation or commissioner$/],
    ['notices to a ladder audience', { notices: { 'did-not-attend': ['owner-managers'] } }, 'notices.did-not-attend', 'not-one-of', /^the notice of a missed first appointment names "owner-managers", which is not one of them/],
    ['notices of an event that gives none', { notices: { 'referral-accepted': ['commissioner'] } }, 'notices.referral-accepted', 'unknown-field', /is not an event that gives notice/],
    ['a fallback L2 audience naming probation', { fallbackL2Notify: ['probation'] }, 'fallbackL2Notify', 'not-one-of', /^the fallback L2 audience .* names "probation", which is not one of them/],
    ['a fallback L2 audience naming the owner twice', { fallbackL2Notify: ['owner', 'owner'] }, 'fallbackL2Notify', 'duplicate', /names owner twice: name each once$/],
  ])('refuses %s with a field error in words, and stores nothing', async (_, change, field, code, words) => {
    const id = `who-${Math.random().toString(36).slice(2, 10)}`;
    const problem = await admin.post('/v1/policies', { ...FAST_POLICY, id, ...change }, 400);
    expect(problem.errors).toEqual([{ field, code, messages: [expect.stringMatching(words)] }]);
    expect((await admin.get('/v1/policies')).some((p: Json) => p.id === id)).toBe(false);
  });

  it('stores whom a policy tells of notices and of an L2 with no rung, and a policy without them as it was', async () => {
    const id = `who-${Date.now()}`;
    const told = { notices: { 'did-not-attend': ['probation', 'prison'] }, fallbackL2Notify: ['owner-managers'] };
    expect((await admin.post('/v1/policies', { ...FAST_POLICY, id, ...told }, 201)).definition).toMatchObject(told);
    const plain = await admin.post('/v1/policies', { ...FAST_POLICY, id }, 201);
    expect(plain.definition).not.toHaveProperty('notices');
    expect(plain.definition).not.toHaveProperty('fallbackL2Notify');
  });

  it('refuses an incoherent policy with field errors, and a policy change from anyone but an admin', async () => {
    const bad = {
      ...FAST_POLICY,
      id: 'broken',
      outcomeWindow: 'three weeks',
      ladder: [FAST_POLICY.ladder[1], FAST_POLICY.ladder[0]],
      steps: [{ ...FAST_POLICY.steps[0], due: { anchor: 'release', offset: '-20XD' } }],
    };
    const problem = await admin.post('/v1/policies', bad, 400);
    expect(problem.errors.map((e: Json) => e.field)).toEqual(expect.arrayContaining(['outcomeWindow', 'steps.0.due.offset']));
    const order = await admin.post('/v1/policies', { ...bad, outcomeWindow: '+21D', steps: FAST_POLICY.steps }, 400);
    expect(order.errors).toEqual([{ field: 'ladder', messages: [expect.stringMatching(/order/)] }]);
    // A step counting from an appointment that nothing books would never get a deadline.
    const noAppointment = FAST_POLICY.steps.map((step) => (step.type === 'first-appointment' ? { ...step, trigger: { on: 'registration' } } : step));
    const unanchored = await admin.post('/v1/policies', { ...FAST_POLICY, id: 'unanchored', steps: noAppointment }, 400);
    expect(unanchored.errors).toEqual([{ field: expect.stringMatching(/^steps\.\d+\.due\.anchor$/), messages: [expect.stringMatching(/appointment/)] }]);
    // Probation may not see treatment without consent, so it can neither own nor ask for a step that reveals it.
    const revealing = FAST_POLICY.steps.map((step) => (step.type === 'ost-bridging' ? { ...step, owner: 'probation', requester: 'probation' } : step));
    const toProbation = await admin.post('/v1/policies', { ...FAST_POLICY, id: 'treatment-to-probation', steps: revealing }, 400);
    expect(toProbation.errors).toEqual(
      expect.arrayContaining([
        { field: expect.stringMatching(/^steps\.\d+\.owner$/), messages: [expect.stringMatching(/ost-bridging reveals treatment/)] },
        { field: expect.stringMatching(/^steps\.\d+\.requester$/), messages: [expect.stringMatching(/ost-bridging reveals treatment/)] },
      ]),
    );
    expect(toProbation.errors).toHaveLength(2);
    // The default's own shape, a step that cannot start early included, is a policy one can write.
    const policies = (await prison.get('/v1/policies')) as unknown as Json[];
    const { version: _version, ...definition } = policies.find((p) => p.id === 'england-default')!.definition;
    expect(definition.steps.find((step: Json) => step.type === 'gp-registration').notBefore).toBeDefined();
    expect(await admin.post('/v1/policies', { ...definition, id: `england-copy-${Date.now()}` }, 201)).toMatchObject({ version: 1 });
    await prison.post('/v1/policies', FAST_POLICY, 403);
    await prison.put(`/v1/areas/${FAST_AREA}/policy`, { policyId: 'england-default' }, 403);
    await admin.put('/v1/areas/not-an-area/policy', { policyId: 'england-default' }, 400);
    await admin.put(`/v1/areas/${FAST_AREA}/policy`, { policyId: 'no-such-policy' }, 404);
  });
});

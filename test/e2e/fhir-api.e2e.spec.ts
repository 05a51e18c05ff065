/**
 * The FHIR R4 API end to end, on real PostgreSQL and Temporal: reads and Task search on the
 * same tokens, access rules, minimisation and audit as /v1. Every answer, errors included, is
 * validated against the base R4 definitions (FhirClient).
 */
import request from 'supertest';
import { Client } from 'pg';
import { Config } from '@throughcare/config';
import { ApiClient, Json } from '../support/api-client';
import { FhirClient, FhirSystem, includedIn, matchesIn, startFhirSystem } from '../support/fhir-client';
import { registration, tokenFor } from '../support/system';

const TASK_TYPES = 'https://throughcare.dev/fhir/CodeSystem/task-type';

describe('the FHIR R4 API: reads and Task search', () => {
  let config: Config;
  let system: FhirSystem;
  let db: Client;
  let prison: ApiClient;
  const fhir: Record<'prison' | 'community' | 'probation' | 'commissioner' | 'otherCommunity' | 'otherPrison' | 'anonymous', FhirClient> = {} as never;

  beforeAll(async () => {
    system = await startFhirSystem();
    config = system.config;
    const callers = { prison: ['LEI', 'prison-healthcare'], community: ['CTS-LDS', 'community-treatment'], probation: ['PDU-LDS', 'probation'], commissioner: ['LA-LDS', 'commissioner'], otherCommunity: ['CTS-BHM', 'community-treatment'], otherPrison: ['BMI', 'prison-healthcare'] } as const;
    for (const [name, [org, role]] of Object.entries(callers)) fhir[name as keyof typeof callers] = await system.fhir(org, role);
    fhir.anonymous = new FhirClient(system.server, null);
    prison = await system.v1('LEI', 'prison-healthcare');
    db = new Client({ connectionString: config.DATABASE_URL });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await system?.close();
  });

  /** A Leeds pathway whose referral the prison has sent: the acceptance task is in CTS-LDS's worklist. */
  const referred = async (overrides: Record<string, unknown> = {}) => {
    const pathway = await prison.post('/v1/releases', registration(overrides), 201);
    const referral = pathway.tasks.find((t: Json) => t.type === 'referral');
    await prison.post(`/v1/tasks/${referral.id}/complete`, {});
    return prison.get(`/v1/pathways/${pathway.id}`);
  };
  const taskOf = (pathway: Json, type: string) => pathway.tasks.find((t: Json) => t.type === type);

  it('says what it supports, without a token, and publishes the task types', async () => {
    const metadata = await fhir.anonymous.get('metadata');
    expect(metadata).toMatchObject({ resourceType: 'CapabilityStatement', fhirVersion: '4.0.1', kind: 'instance' });
    const task = metadata.rest[0].resource.find((r: Json) => r.type === 'Task');
    expect(task.searchParam.map((p: Json) => p.name)).toEqual(['owner', 'status', 'code', 'patient', '_lastUpdated', '_count', '_sort']);
    expect(task.searchInclude).toEqual(['Task:focus', 'Task:patient']);
    const types = await fhir.anonymous.get('CodeSystem/task-type');
    expect(types).toMatchObject({ url: TASK_TYPES, content: 'complete' });
    expect(types.concept.map((c: Json) => c.code)).toContain('referral-acceptance');
    await fhir.anonymous.get('CodeSystem/other', 404);
  });

  it('lets the community service find its open referral, with the ServiceRequest and Patient', async () => {
    const pathway = await referred();
    const acceptance = taskOf(pathway, 'referral-acceptance');
    const bundle = await fhir.community.get(`Task?owner=Organization/CTS-LDS&status=requested&patient=Patient/${pathway.id}&_include=Task:focus&_include=Task:patient`);
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'searchset' });
    expect(matchesIn(bundle)).toEqual([
      expect.objectContaining({
        resourceType: 'Task',
        id: acceptance.id,
        status: 'requested',
        intent: 'order',
        code: { coding: [{ system: TASK_TYPES, code: 'referral-acceptance', display: 'Accept or decline the referral' }] },
        focus: { reference: `ServiceRequest/${pathway.id}` },
        for: { reference: `Patient/${pathway.id}` },
        owner: { reference: 'Organization/CTS-LDS' },
        requester: { reference: 'Organization/LEI' },
        restriction: { period: { end: acceptance.dueAt } },
      }),
    ]);
    const [serviceRequest, patient] = includedIn(bundle);
    expect(serviceRequest).toMatchObject({
      resourceType: 'ServiceRequest',
      id: pathway.id,
      status: 'active',
      intent: 'plan',
      subject: { reference: `Patient/${pathway.id}` },
      requester: { reference: 'Organization/LEI' },
      performer: [{ reference: 'Organization/CTS-LDS' }],
      occurrencePeriod: { start: pathway.expectedReleaseDate },
      supportingInfo: [{ display: 'Substances: opiates' }, { display: 'On opioid substitution therapy' }],
    });
    expect(patient).toMatchObject({
      resourceType: 'Patient',
      id: pathway.id,
      identifier: [
        { system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9434765919' },
        { system: 'https://throughcare.dev/fhir/Id/prison-number', value: pathway.person.prisonNumber },
      ],
      name: [{ family: 'Example', given: ['Sam'] }],
      birthDate: '1985-04-12',
    });
    // The same resources read one by one, each with its version as a weak ETag.
    const res = await request(system.server).get(`/fhir/R4/Task/${acceptance.id}`).set('Authorization', `Bearer ${await tokenFor('CTS-LDS', 'community-treatment')}`).expect(200);
    expect(res.headers.etag).toBe(`W/"${res.body.meta.versionId}"`);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(await fhir.community.get(`ServiceRequest/${pathway.id}`)).toEqual(serviceRequest);
    expect(await fhir.community.get(`Patient/${pathway.id}`)).toEqual(patient);
    expect(await fhir.community.get('Organization/CTS-LDS')).toMatchObject({ resourceType: 'Organization', id: 'CTS-LDS', identifier: [{ value: 'CTS-LDS' }] });
    // Audited as /v1: who saw which pathway and task.
    const lines = (await db.query(`SELECT action, actor_org, task_id FROM audit_log WHERE pathway_id = $1 AND action LIKE 'fhir.%' ORDER BY id`, [pathway.id])).rows;
    expect(lines).toEqual(
      expect.arrayContaining([
        { action: 'fhir.task.search', actor_org: 'CTS-LDS', task_id: acceptance.id },
        { action: 'fhir.task.read', actor_org: 'CTS-LDS', task_id: acceptance.id },
        { action: 'fhir.patient.read', actor_org: 'CTS-LDS', task_id: null },
      ]),
    );
  });

  it('shows probation no treatment without consent, a commissioner no Patient, and another organisation nothing', async () => {
    const pathway = await referred({ treatment: { substances: ['opiates'], onOst: true, consentToShare: false } });
    const ost = taskOf(pathway, 'ost-bridging');
    // Probation: who the person is and the handover, but no treatment-revealing step or fact.
    const probationTasks = (await fhir.probation.searchAll(`patient=${pathway.id}`)).matches;
    expect(probationTasks.map((t) => t.code.coding[0].code)).not.toEqual(expect.arrayContaining(['ost-bridging']));
    expect(probationTasks.map((t) => t.code.coding[0].code)).toContain('probation-acknowledgement');
    await fhir.probation.get(`Task/${ost.id}`, 404);
    expect((await fhir.probation.get(`ServiceRequest/${pathway.id}`)).supportingInfo).toBeUndefined();
    expect(await fhir.probation.get(`Patient/${pathway.id}`)).toMatchObject({ birthDate: '1985-04-12' });
    // The commissioner: the handover without who.
    const seen = await fhir.commissioner.get(`Task?patient=${pathway.id}&_include=Task:patient&_include=Task:focus&_count=100`);
    expect(matchesIn(seen).length).toBeGreaterThan(0);
    expect(matchesIn(seen).every((t) => t.for === undefined)).toBe(true);
    expect(includedIn(seen).map((r) => r.resourceType)).toEqual(['ServiceRequest']);
    expect((await fhir.commissioner.get(`ServiceRequest/${pathway.id}`)).subject).toEqual({ display: 'Withheld from commissioners' });
    const refused = await fhir.commissioner.get(`Patient/${pathway.id}`, 404);
    expect(refused).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found' }] });
    // Other organisations: 404, as /v1, and nothing in their searches.
    for (const other of [fhir.otherCommunity, fhir.otherPrison]) {
      await other.get(`Task/${ost.id}`, 404);
      await other.get(`ServiceRequest/${pathway.id}`, 404);
      await other.get(`Patient/${pathway.id}`, 404);
      expect(matchesIn(await other.get(`Task?patient=${pathway.id}`))).toEqual([]);
    }
    expect(await fhir.anonymous.get(`Task/${ost.id}`, 401)).toMatchObject({ issue: [{ code: 'login' }] });
  });

  it('pages newest change first through next links, and filters by code and _lastUpdated', async () => {
    const pathway = await referred();
    const all = (await fhir.prison.searchAll(`patient=${pathway.id}&_count=2&_sort=-_lastUpdated`)).matches;
    const ids = all.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    // The prison's healthcare team sees every step of its pathway.
    expect([...ids].sort()).toEqual(pathway.tasks.map((t: Json) => t.id).sort());
    const changed = all.map((t) => t.meta.lastUpdated);
    expect(changed).toEqual([...changed].sort().reverse());
    const referral = matchesIn(await fhir.prison.get(`Task?patient=${pathway.id}&code=${TASK_TYPES}|referral`));
    expect(referral.map((t) => t.status)).toEqual(['completed']);
    expect(matchesIn(await fhir.prison.get(`Task?patient=${pathway.id}&code=http://other.example|referral`))).toEqual([]);
    const since = new Date(Date.parse(referral[0].meta.lastUpdated) - 1).toISOString();
    expect(matchesIn(await fhir.prison.get(`Task?patient=${pathway.id}&_lastUpdated=gt${since}&code=referral`)).map((t) => t.id)).toEqual([referral[0].id]);
    expect(matchesIn(await fhir.prison.get(`Task?patient=${pathway.id}&_lastUpdated=lt${since}&code=referral`))).toEqual([]);
    expect(matchesIn(await fhir.prison.get(`Task?patient=${pathway.id}&_lastUpdated=gt2199-12-30`))).toEqual([]);
  });

  it('ignores unknown parameters by default, refuses them under handling=strict, and refuses bad values and edited cursors', async () => {
    const pathway = await referred();
    const lenient = await fhir.prison.get(`Task?patient=${pathway.id}&colour=blue&_include=Task:owner`);
    expect(lenient.link[0].url).toBe(`${config.FHIR_BASE_URL}/Task?patient=${pathway.id}`);
    const strict = await fhir.prison.get(`Task?patient=${pathway.id}&colour=blue`, 400, { Prefer: 'handling=strict' });
    expect(strict.issue).toEqual([expect.objectContaining({ code: 'invalid', expression: ['colour'] })]);
    const bad: Array<[string, string]> = [
      ['_lastUpdated=ge2027-01-01', '_lastUpdated'],
      ['_lastUpdated=gt99999-01-01', '_lastUpdated'],
      ['_lastUpdated=gt0001-01-01', '_lastUpdated'],
      ['_lastUpdated=gt2027-02-30', '_lastUpdated'],
      ['_lastUpdated=gt2027-01-01T25:00:00Z', '_lastUpdated'],
      ['status=open', 'status'],
      ['status:not=completed', 'status:not'],
      ['owner=Organization/%27%3B--', 'owner'],
      ['patient=Patient/not-a-uuid', 'patient'],
      ['_count=0', '_count'],
      ['_count=-5', '_count'],
      ['_count=1e3', '_count'],
      ['_sort=owner', '_sort'],
      ['_cursor=eyJhdCI6IjIwMjctMDEtMDEiLCJpZCI6IngifQ', '_cursor'],
      ['_cursor=%FF%FE', '_cursor'],
    ];
    for (const [query, field] of bad) {
      const refused = await fhir.prison.get(`Task?${query}`, 400);
      expect({ query, issue: refused.issue[0] }).toMatchObject({ query, issue: { severity: 'error', code: 'invalid', expression: [field] } });
    }
    // A cursor this server issued, edited to point elsewhere: refused, never a 500.
    const page = await fhir.prison.get(`Task?patient=${pathway.id}&_count=1`);
    const next = new URL(page.link.find((l: Json) => l.relation === 'next').url);
    const cursor = JSON.parse(Buffer.from(next.searchParams.get('_cursor')!, 'base64url').toString());
    const edited = Buffer.from(JSON.stringify({ ...cursor, id: "' OR 1=1 --" })).toString('base64url');
    await fhir.prison.get(`Task?patient=${pathway.id}&_count=1&_cursor=${edited}`, 400);
    // Odd bytes: a NUL in the query or the path, a lone surrogate, a malformed percent-escape.
    await fhir.prison.get('Task?owner=LEI%00', 400);
    await fhir.prison.get('Task/%00', 400);
    // Bytes that are not UTF-8 are read as replacement characters: a code of none of ours.
    expect(matchesIn(await fhir.prison.get('Task?code=%ED%A0%80'))).toEqual([]);
    await fhir.prison.get('Task/not-a-uuid', 400);
    await fhir.prison.get('Organization/%27%20OR%201%3D1', 404);
    // What is not served answers in FHIR's words too.
    expect(await fhir.prison.get('Observation/1', 404)).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'not-found' }] });
    await fhir.prison.send('post', 'Task', { resourceType: 'Task', status: 'requested', intent: 'order' }, 404);
  });
});

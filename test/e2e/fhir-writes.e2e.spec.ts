/**
 * Changes through the FHIR R4 API, each one of the handover's own actions: accept and decline
 * a Task (JSON Patch or PUT), book the first appointment (POST Appointment), record attendance
 * (PUT Appointment), with If-Match on meta.versionId. What FHIR changes shows in /v1, and the reverse.
 */
import request from 'supertest';
import { londonDateOf } from '@throughcare/domain';
import { ApiClient, Json } from '../support/api-client';
import { FhirClient, FhirSystem, sentReferral, startFhirSystem } from '../support/fhir-client';
import { tokenFor } from '../support/system';

const PATCH = { 'Content-Type': 'application/json-patch+json' };

describe('the FHIR R4 API: changes', () => {
  let system: FhirSystem;
  let prison: ApiClient;
  let community: ApiClient;
  let fhir: FhirClient;
  let probationFhir: FhirClient;
  let server: Parameters<typeof request>[0];

  beforeAll(async () => {
    system = await startFhirSystem();
    server = system.server;
    [prison, community] = await Promise.all([system.v1('LEI', 'prison-healthcare'), system.v1('CTS-LDS', 'community-treatment')]);
    [fhir, probationFhir] = await Promise.all([system.fhir('CTS-LDS', 'community-treatment'), system.fhir('PDU-LDS', 'probation')]);
  });

  afterAll(() => system?.close());

  /** A referral waiting for CTS-LDS, found as a supplier would: its open Task. */
  const openReferral = () => sentReferral(prison, fhir, 'CTS-LDS');
  const v1Task = (id: string) => community.get(`/v1/tasks/${id}`);

  it('accepts a referral with a JSON Patch, checked against the version read, and /v1 shows it', async () => {
    const { task } = await openReferral();
    const ifMatch = { ...PATCH, 'If-Match': `W/"${task.meta.versionId}"` };
    const stale = await fhir.send('patch', `Task/${task.id}`, [{ op: 'replace', path: '/status', value: 'accepted' }], 412, { ...PATCH, 'If-Match': `W/"${Number(task.meta.versionId) - 1}"` });
    expect(stale.issue[0]).toMatchObject({ code: 'conflict' });
    const ladder = await fhir.send('patch', `Task/${task.id}`, [{ op: 'replace', path: '/businessStatus', value: { text: 'L0' } }], 422, ifMatch);
    expect(ladder.issue[0].diagnostics).toMatch(/escalation ladder/);
    await fhir.send('patch', `Task/${task.id}`, [{ op: 'replace', path: '/owner', value: { reference: 'Organization/CTS-BHM' } }], 422, ifMatch);
    await fhir.send('patch', `Task/${task.id}`, [{ op: 'test', path: '/status', value: 'ready' }, { op: 'replace', path: '/status', value: 'accepted' }], 412, ifMatch);
    // Probation sees the task but does not own it: 403, as /v1.
    await probationFhir.send('patch', `Task/${task.id}`, [{ op: 'replace', path: '/status', value: 'accepted' }], 403, PATCH);
    const accept = [{ op: 'test', path: '/status', value: 'requested' }, { op: 'replace', path: '/status', value: 'accepted' }];
    const keyed = { ...ifMatch, 'Idempotency-Key': `accept-${task.id}` };
    const accepted = await fhir.send('patch', `Task/${task.id}`, accept, 200, keyed);
    expect(accepted).toMatchObject({ id: task.id, status: 'accepted' });
    // A retry with the same Idempotency-Key gets the first answer, as on /v1.
    expect(await fhir.send('patch', `Task/${task.id}`, accept, 200, keyed)).toEqual(accepted);
    expect(Number(accepted.meta.versionId)).toBeGreaterThan(Number(task.meta.versionId));
    expect(await v1Task(task.id)).toMatchObject({ state: 'done', outcome: 'accepted' });
    // The same change again: the task is no longer open.
    await fhir.send('patch', `Task/${task.id}`, [{ op: 'replace', path: '/status', value: 'rejected' }], 409, PATCH);
  });

  it('declines with a PUT of the Task with its reason; a decline through /v1 shows as rejected', async () => {
    const { task } = await openReferral();
    await fhir.send('put', `Task/${task.id}`, { ...task, status: 'rejected' }, 400);
    await fhir.send('put', `Task/${task.id}`, { ...task, status: 'rejected', statusReason: { text: 'Out of area' }, priority: 'stat' }, 422);
    const declined = await fhir.send('put', `Task/${task.id}`, { ...task, status: 'rejected', statusReason: { text: 'Out of area' } }, 200, { 'If-Match': `W/"${task.meta.versionId}"` });
    expect(declined).toMatchObject({ status: 'rejected', statusReason: { text: 'Out of area' } });
    expect(await v1Task(task.id)).toMatchObject({ state: 'done', outcome: 'declined', details: { reason: 'Out of area' } });

    const other = await openReferral();
    await community.post(`/v1/tasks/${other.task.id}/decline`, { reason: 'No capacity' });
    expect(await fhir.get(`Task/${other.task.id}`)).toMatchObject({ status: 'rejected', statusReason: { text: 'No capacity' } });
    // Probation without consent would not see the reason; the registration gave consent, so it does.
    expect((await probationFhir.get(`Task/${other.task.id}`)).statusReason).toEqual({ text: 'No capacity' });
  });

  it('books the first appointment with a POST, and records attendance with a PUT', async () => {
    const { pathway, task } = await openReferral();
    const appointment = { resourceType: 'Appointment', status: 'booked', start: new Date().toISOString(), basedOn: [{ reference: `ServiceRequest/${pathway.id}` }], participant: [{ status: 'accepted', type: [{ text: 'Key worker' }] }] };
    // Not bookable before the referral is accepted.
    await fhir.send('post', 'Appointment', appointment, 409);
    // Accepted through /v1: accepted in FHIR.
    await community.post(`/v1/tasks/${task.id}/accept`, {});
    expect(await fhir.get(`Task/${task.id}`)).toMatchObject({ status: 'accepted' });
    await fhir.send('post', 'Appointment', { ...appointment, start: 'next Tuesday' }, 400);
    await fhir.send('post', 'Appointment', { ...appointment, basedOn: [{ reference: 'ServiceRequest/x' }] }, 400);
    await fhir.send('post', 'Appointment', { ...appointment, basedOn: [{ reference: 'ServiceRequest/00000000-0000-4000-8000-000000000000' }] }, 404);
    const res = await request(server)
      .post('/fhir/R4/Appointment')
      .set('Authorization', `Bearer ${await tokenFor('CTS-LDS', 'community-treatment')}`)
      .set('Content-Type', 'application/fhir+json')
      .send(JSON.stringify(appointment))
      .expect(201);
    const booked = res.body;
    expect(booked).toMatchObject({ resourceType: 'Appointment', status: 'booked', start: new Date(appointment.start).toISOString(), basedOn: [{ reference: `ServiceRequest/${pathway.id}` }] });
    expect(res.headers.location).toMatch(new RegExp(`/fhir/R4/Appointment/${booked.id}/_history/${booked.meta.versionId}$`));
    expect(await fhir.get(`Appointment/${booked.id}`)).toEqual(booked);
    const booking = await v1Task(booked.id);
    expect(booking).toMatchObject({ type: 'appointment-booking', state: 'done', details: { appointmentAt: appointment.start } });
    expect((await fhir.get(`Task/${booked.id}`)).output).toEqual([{ type: { text: 'First appointment' }, valueReference: { reference: `Appointment/${booked.id}` } }]);
    await fhir.send('post', 'Appointment', appointment, 409);

    // Attendance, once the person is released (the outcome counts from the release).
    await prison.post(`/v1/pathways/${pathway.id}/released`, { releasedOn: londonDateOf(new Date()), kind: 'planned' });
    const current = await fhir.get(`Appointment/${booked.id}`);
    await fhir.send('put', `Appointment/${booked.id}`, { ...booked, status: 'cancelled' }, 400);
    await fhir.send('put', `Appointment/${booked.id}`, { ...booked, status: 'fulfilled' }, 412, { 'If-Match': 'W/"1"' });
    const attended = await fhir.send('put', `Appointment/${booked.id}`, { ...booked, status: 'fulfilled' }, 200, { 'If-Match': `W/"${current.meta.versionId}"` });
    expect(attended).toMatchObject({ status: 'fulfilled' });
    const after = await prison.get(`/v1/pathways/${pathway.id}`);
    expect(after.tasks.find((t: Json) => t.type === 'first-appointment')).toMatchObject({ state: 'done', outcome: 'attended' });
    expect(after).toMatchObject({ status: 'closed', outcome: 'engaged' });
    expect(await fhir.get(`ServiceRequest/${pathway.id}`)).toMatchObject({ status: 'completed' });
    await fhir.send('put', `Appointment/${booked.id}`, { ...booked, status: 'noshow' }, 409);
  });

  it('refuses bodies of the wrong kind with an OperationOutcome', async () => {
    const { task } = await openReferral();
    const token = await tokenFor('CTS-LDS', 'community-treatment');
    const send = (contentType: string, body: string) => request(server).patch(`/fhir/R4/Task/${task.id}`).set('Authorization', `Bearer ${token}`).set('Content-Type', contentType).send(body);
    for (const [contentType, body, status] of [
      ['text/plain', 'accept it', 415],
      ['application/json-patch+json', '{"op":"replace"}', 400],
      ['application/json-patch+json', '[', 400],
      ['application/json-patch+json', '[]', 400],
      ['application/json-patch+json', '[{"op":"replace","path":"/status","value":"accepted\\u0000"}]', 400],
      ['application/json-patch+json', '[{"op":"move","from":"/status","path":"/status"}]', 422],
      ['application/json-patch+json', '[{"op":"replace","path":"/status","value":{"deep":[1]}}]', 400],
    ] as const) {
      const res = await send(contentType, body);
      expect({ body, status: res.status, type: res.headers['content-type'] }).toEqual({ body, status, type: expect.stringMatching(/^application\/fhir\+json/) });
      expect(res.body).toMatchObject({ resourceType: 'OperationOutcome' });
    }
    expect(await v1Task(task.id)).toMatchObject({ state: 'open' });
  });
});

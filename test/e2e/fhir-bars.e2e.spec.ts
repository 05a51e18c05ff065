/**
 * BaRS referral messages: a community treatment service answers a referral with a
 * servicerequest-response message to /fhir/R4/$process-message, and the referral is accepted
 * or declined as through /v1 or a FHIR Task change; a repeat answers as the first did. And the
 * message Throughcare sends for a referral, built from what the FHIR API serves the service.
 */
import { createHash } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import request from 'supertest';
import type { Organization, Patient, ServiceRequest } from '@medplum/fhirtypes';
import { ApiClient, Json } from '../support/api-client';
import { barsBooking, barsResponse as response, FhirClient, FhirSystem, sentReferral as sentReferralTo, startFhirSystem } from '../support/fhir-client';
import { expectValidR4 } from '../support/fhir-conformance';
import { tokenFor } from '../support/system';
import { BARS, barsHeaders, referralMessage } from '@throughcare/fhir';

describe('BaRS referral messages', () => {
  let system: FhirSystem;
  let api: INestApplication;
  let prison: ApiClient;
  let community: ApiClient;
  let fhir: FhirClient;
  let otherService: FhirClient;
  let probation: FhirClient;
  let server: Parameters<typeof request>[0];

  beforeAll(async () => {
    system = await startFhirSystem();
    ({ api, server } = system);
    [prison, community] = await Promise.all([system.v1('LEI', 'prison-healthcare'), system.v1('CTS-LDS', 'community-treatment')]);
    [fhir, otherService, probation] = await Promise.all([system.fhir('CTS-LDS', 'community-treatment'), system.fhir('CTS-BHM', 'community-treatment'), system.fhir('PDU-LDS', 'probation')]);
  });

  afterAll(() => system?.close());

  /** A referral sent to CTS-LDS and waiting for its answer: the pathway and its acceptance Task. */
  const sentReferral = () => sentReferralTo(prison, fhir, 'CTS-LDS');
  const processMessage = (client: FhirClient, body: unknown, status: number) => client.send('post', '$process-message', body, status);
  const answeredTask = (answer: Json) => answer.entry.find((e: Json) => e.resource.resourceType === 'Task').resource;

  it('accepts the referral on an accepted response; the same message again changes nothing and answers the same', async () => {
    const { pathway, task } = await sentReferral();
    const accepted = response(pathway.id, { status: 'active' });
    const answer = await processMessage(fhir, accepted, 200);
    expect(answer).toMatchObject({ resourceType: 'Bundle', type: 'message', entry: [{ resource: { resourceType: 'MessageHeader', response: { identifier: accepted.entry[0].resource.id, code: 'ok' }, focus: [{ reference: `Task/${task.id}` }] } }, expect.anything()] });
    expect(answeredTask(answer)).toMatchObject({ id: task.id, status: 'accepted' });
    expect(await community.get(`/v1/tasks/${task.id}`)).toMatchObject({ state: 'done', outcome: 'accepted' });
    const read = await fhir.get(`Task/${task.id}`);
    expect(read).toMatchObject({ status: 'accepted' });

    // A resend (another timestamp, the same message) gets the first answer, and the Task stays as it was.
    expect(await processMessage(fhir, { ...accepted, timestamp: new Date(Date.now() + 1000).toISOString() }, 200)).toEqual(answer);
    expect((await fhir.get(`Task/${task.id}`)).meta.versionId).toBe(read.meta.versionId);

    // A different message reusing the id: BaRS's duplicate.
    const reused = response(pathway.id, { status: 'revoked', note: [{ text: 'No capacity' }] }, accepted.entry[0].resource.id);
    const duplicate = await processMessage(fhir, reused, 409);
    expect(duplicate.issue[0]).toMatchObject({ code: 'duplicate', details: { coding: expect.arrayContaining([{ system: BARS.errorCodes, code: 'REC_CONFLICT' }]) } });
    expect(await community.get(`/v1/tasks/${task.id}`)).toMatchObject({ outcome: 'accepted' });

    // A new message answering a referral already answered.
    await processMessage(fhir, response(pathway.id, { status: 'active' }), 409);
  });

  it('declines the referral with its reason on a rejected response', async () => {
    const { pathway, task } = await sentReferral();
    const answer = await processMessage(fhir, response(pathway.id, { status: 'revoked', note: [{ text: 'Lives outside our area' }] }), 200);
    expect(answeredTask(answer)).toMatchObject({ id: task.id, status: 'rejected', statusReason: { text: 'Lives outside our area' } });
    expect(await community.get(`/v1/tasks/${task.id}`)).toMatchObject({ state: 'done', outcome: 'declined', details: { reason: 'Lives outside our area' } });
    expect(await fhir.get(`Task/${task.id}`)).toMatchObject({ status: 'rejected', statusReason: { text: 'Lives outside our area' } });
  });

  it("refuses another organisation's answer as /v1 would: 404 to another service, 403 to probation", async () => {
    const { pathway, task } = await sentReferral();
    const accepted = response(pathway.id, { status: 'active' });
    await processMessage(otherService, accepted, 404);
    await processMessage(probation, accepted, 403);
    expect(await fhir.get(`Task/${task.id}`)).toMatchObject({ status: 'requested' });
    // Those refusals kept nothing: the owner's message with the same id is processed.
    expect(answeredTask(await processMessage(fhir, accepted, 200))).toMatchObject({ status: 'accepted' });
  });

  it('takes over a message left half-processed by a stopped process, once no request could still be running', async () => {
    const { pathway, task } = await sentReferral();
    const accepted = response(pathway.id, { status: 'active' });
    const id = accepted.entry[0].resource.id;
    const claims = api.get(DataSource);
    // The row a process makes when it starts on this message (its fingerprint: what the message asks), and no answer.
    const fingerprint = createHash('sha256').update(JSON.stringify([pathway.id, 'accepted', null])).digest('hex');
    await claims.query(`INSERT INTO bars_messages (organisation_code, message_id, fingerprint) VALUES ('CTS-LDS', $1, $2)`, [id, fingerprint]);
    const inProgress = await processMessage(fhir, accepted, 409);
    expect(inProgress.issue[0].details.coding[0].code).toBe('request-in-progress');
    await claims.query(`UPDATE bars_messages SET received_at = now() - interval '1 hour' WHERE message_id = $1`, [id]);
    expect(answeredTask(await processMessage(fhir, accepted, 200))).toMatchObject({ id: task.id, status: 'accepted' });
  });

  it('books the first appointment by a booking message only once the referral is accepted; a refused booking keeps nothing, so it can be sent again', async () => {
    const { pathway } = await sentReferral();
    const start = new Date(Date.now() + 864e5).toISOString();
    const booking = barsBooking(pathway.id, start);
    const early = await processMessage(fhir, booking, 409);
    expect(early.issue[0].diagnostics).toMatch(/not accepted yet/);
    await processMessage(fhir, response(pathway.id, { status: 'active' }), 200);
    // Probation sees the referral but does not own its booking: 403, as /v1.
    await processMessage(probation, booking, 403);
    const booked = await processMessage(fhir, booking, 200);
    expect(booked.entry[0].resource).toMatchObject({ eventCoding: { system: BARS.events, code: 'booking-response' }, response: { identifier: booking.entry[0].resource.id, code: 'ok' } });
    const appointment = booked.entry[1].resource;
    expect(appointment).toMatchObject({ resourceType: 'Appointment', status: 'booked', start: new Date(start).toISOString(), basedOn: [{ reference: `ServiceRequest/${pathway.id}` }] });
    expect(await community.get(`/v1/tasks/${appointment.id}`)).toMatchObject({ type: 'appointment-booking', state: 'done', details: { appointmentAt: start } });
    // Another time under the same message id is another message: BaRS's duplicate.
    await processMessage(fhir, barsBooking(pathway.id, new Date(Date.now() + 2 * 864e5).toISOString(), booking.entry[0].resource.id), 409);
  });

  it('refuses malformed bundles with an OperationOutcome and changes nothing', async () => {
    const { pathway, task } = await sentReferral();
    const good = response(pathway.id, { status: 'active' });
    const header = good.entry[0].resource;
    for (const [body, status] of [
      [{ resourceType: 'Parameters' }, 400],
      [{ ...good, type: 'collection' }, 400],
      [{ ...good, entry: [good.entry[1], good.entry[0]] }, 400],
      [{ ...good, entry: [{ ...good.entry[0], resource: { ...header, id: undefined } }, good.entry[1]] }, 400],
      [{ ...good, entry: [{ ...good.entry[0], resource: { ...header, eventCoding: { system: BARS.events, code: 'servicerequest-request' } } }, good.entry[1]] }, 422],
      [{ ...good, entry: [{ ...good.entry[0], resource: { ...header, focus: [{ reference: 'ServiceRequest/elsewhere' }] } }, good.entry[1]] }, 400],
      [response(pathway.id, { status: 'revoked' }), 400],
      [response(pathway.id, { status: 'on-hold' }), 400],
      [response('00000000-0000-4000-8000-000000000000', { status: 'active' }), 404],
    ] as const) {
      const outcome = await processMessage(fhir, body, status);
      expect(outcome).toMatchObject({ resourceType: 'OperationOutcome', issue: [expect.objectContaining({ severity: 'error' })] });
    }
    const notJson = await request(server).post('/fhir/R4/$process-message').set('Authorization', `Bearer ${await tokenFor('CTS-LDS', 'community-treatment')}`).set('Content-Type', 'application/fhir+json').send('{');
    expect(notJson.status).toBe(400);
    expect(notJson.body).toMatchObject({ resourceType: 'OperationOutcome' });
    expect(await fhir.get(`Task/${task.id}`)).toMatchObject({ status: 'requested' });
  });

  it('builds the referral message from the resources the service reads: valid R4, with the BaRS headers', async () => {
    const { pathway } = await sentReferral();
    const serviceRequest = (await fhir.get(`ServiceRequest/${pathway.id}`)) as ServiceRequest;
    const patient = (await fhir.get(`Patient/${pathway.id}`)) as Patient;
    const [requester, performer] = (await Promise.all([fhir.get('Organization/LEI'), fhir.get('Organization/CTS-LDS')])) as Organization[];
    const message = referralMessage({
      messageId: '5d2c8f3e-6b1a-4c7d-8e9f-0a1b2c3d4e5f',
      timestamp: new Date(),
      fhirBase: 'http://localhost:3000/fhir/R4',
      destination: 'https://cms.forward-leeds.example/bars/$process-message',
      serviceRequest,
      patient,
      requester,
      performer,
    });
    expectValidR4(message);
    expect(message.entry!.map((e) => e.resource!.resourceType)).toEqual(['MessageHeader', 'ServiceRequest', 'Patient', 'Organization', 'Organization']);
    expect(message.entry![0].resource).toMatchObject({
      eventCoding: { system: BARS.events, code: 'servicerequest-request' },
      reason: { coding: [{ system: BARS.reasons, code: 'new' }] },
      focus: [{ reference: `ServiceRequest/${pathway.id}` }],
      sender: { reference: 'Organization/LEI' },
      destination: [{ receiver: { reference: 'Organization/CTS-LDS' } }],
    });
    // Every reference in the message resolves to an entry of it.
    const fullUrls = new Set(message.entry!.map((e) => e.fullUrl));
    const references = JSON.stringify(message).match(/"reference":"[^"]+"/g)!.map((r) => r.slice(13, -1));
    expect(references.filter((r) => !fullUrls.has(`http://localhost:3000/fhir/R4/${r}`))).toEqual([]);
    const headers = barsHeaders({ requestId: 'r-1', correlationId: pathway.id, target: { system: 'https://fhir.nhs.uk/Id/dos-service-id', value: '2000072489' }, endUserOrganisation: requester, softwareVersion: '1' });
    expectValidR4(JSON.parse(Buffer.from(headers['NHSD-End-User-Organisation'], 'base64').toString('utf8')));
    expectValidR4(JSON.parse(Buffer.from(headers['NHSD-Requesting-Software'], 'base64').toString('utf8')));
  });
});

/**
 * BaRS referrals out: a community treatment service whose contacts name a BaRS endpoint gets
 * each referral sent to it as a FHIR message Bundle at `<endpoint>/$process-message`, through
 * the delivery workflow (listed with the pathway's deliveries), with BaRS's headers; its answer
 * back to Throughcare's `$process-message` accepts the referral, and a revoked referral is sent
 * as an update. The receiver here checks what a BaRS receiver would: the headers, and the
 * Bundle against R4.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiClient, eventually, Json } from '../support/api-client';
import { barsBooking, barsResponse, FhirClient, FhirSystem, sentReferral, startFhirSystem } from '../support/fhir-client';
import { expectValidR4, r4Issues } from '../support/fhir-conformance';
import { BARS, SYSTEMS } from '@throughcare/fhir';

const SERVICE = 'CTS-BRS';

interface BarsRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  bundle: Json;
}

/** A BaRS receiver on loopback: takes every message with 200 and keeps what it was sent. */
async function barsReceiver(): Promise<{ url: string; received: BarsRequest[]; close: () => Promise<void> }> {
  const received: BarsRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, bundle: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Json });
      res.writeHead(200, { 'content-type': 'application/fhir+json' }).end('{"resourceType":"OperationOutcome","issue":[{"severity":"information","code":"informational"}]}');
    });
  });
  server.keepAliveTimeout = 500;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/bars/R4`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const decoded = (header: string | string[] | undefined) => JSON.parse(Buffer.from(String(header), 'base64').toString('utf8')) as Json;
const resourceOf = (bundle: Json, type: string) => bundle.entry.find((e: Json) => e.resource.resourceType === type)?.resource;

describe('BaRS referrals out', () => {
  let system: FhirSystem;
  let receiver: Awaited<ReturnType<typeof barsReceiver>>;
  let admin: ApiClient;
  let prison: ApiClient;
  let service: FhirClient;

  beforeAll(async () => {
    receiver = await barsReceiver();
    system = await startFhirSystem();
    [admin, prison] = await Promise.all([system.v1('THC-OPS', 'admin'), system.v1('LEI', 'prison-healthcare')]);
    service = await system.fhir(SERVICE, 'community-treatment');
    await admin.post('/v1/organisations', { code: SERVICE, name: 'BaRS test treatment service', type: 'community-treatment', areas: ['E06000004'] }, 201);
  });

  afterAll(async () => {
    await system?.close();
    await receiver?.close();
  });

  /** The messages the receiver was sent about one referral (BaRS's correlation id is the referral's). */
  const messagesAbout = (referralId: string) => receiver.received.filter((r) => r.headers['x-correlation-id'] === referralId);

  it('takes a BaRS endpoint only for a community treatment service, at an address a webhook could have', async () => {
    const refused = await admin.put('/v1/organisations/LEI/contacts', { barsEndpoint: receiver.url }, 400);
    expect(JSON.stringify(refused)).toContain('only a community treatment service receives referrals by BaRS');
    await admin.put(`/v1/organisations/${SERVICE}/contacts`, { barsEndpoint: 'http://bars.cts-brs.example/R4' }, 400);
    await admin.put(`/v1/organisations/${SERVICE}/contacts`, { barsEndpoint: 'https://user:secret@bars.cts-brs.example/R4' }, 400);
    await (await system.v1(SERVICE, 'community-treatment')).put(`/v1/organisations/${SERVICE}/contacts`, { barsEndpoint: receiver.url }, 403);
    const set = await admin.put(`/v1/organisations/${SERVICE}/contacts`, { barsEndpoint: `${receiver.url}/` });
    expect(set).toMatchObject({ organisation: SERVICE, barsEndpoint: receiver.url });
  });

  it('sends a referral as one valid message Bundle with the BaRS headers; the answer back accepts it and a booking message books it, each once; a cancellation is sent as an update', async () => {
    await admin.put(`/v1/organisations/${SERVICE}/contacts`, { barsEndpoint: receiver.url });
    const { pathway, task } = await sentReferral(prison, service, SERVICE, { communityTreatmentCode: SERVICE });

    const [delivery] = await eventually('the referral delivered by BaRS', async () => {
      const bars = ((await admin.get(`/v1/pathways/${pathway.id}/deliveries`)) as unknown as Json[]).filter((d) => d.channel === 'bars');
      return bars.length > 0 && bars.every((d) => d.state === 'sent') && bars;
    });
    expect(delivery).toMatchObject({ organisation: SERVICE, event: 'task.created', target: 'new', taskId: task.id });
    const [sent] = messagesAbout(pathway.id);
    expect(sent.path).toBe('/bars/R4/$process-message');
    expect(sent.headers['content-type']).toMatch(/^application\/fhir\+json/);
    expect(sent.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(decoded(sent.headers['nhsd-target-identifier'])).toEqual({ system: SYSTEMS.organisationCode, value: SERVICE });
    const endUser = decoded(sent.headers['nhsd-end-user-organisation']);
    expectValidR4(endUser);
    expect(endUser).toMatchObject({ resourceType: 'Organization', name: expect.any(String), identifier: [{ value: 'LEI' }] });
    expectValidR4(decoded(sent.headers['nhsd-requesting-software']));

    const bundle = sent.bundle;
    expectValidR4(bundle);
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'message', id: delivery.id });
    expect(bundle.entry.map((e: Json) => e.resource.resourceType)).toEqual(['MessageHeader', 'ServiceRequest', 'Patient', 'Organization', 'Organization']);
    expect(bundle.entry[0].resource).toMatchObject({
      id: delivery.id,
      eventCoding: { system: BARS.events, code: 'servicerequest-request' },
      reason: { coding: [{ system: BARS.reasons, code: 'new' }] },
      destination: [{ endpoint: receiver.url, receiver: { reference: `Organization/${SERVICE}` } }],
      sender: { reference: 'Organization/LEI' },
      focus: [{ reference: `ServiceRequest/${pathway.id}` }],
      source: { endpoint: `${system.config.FHIR_BASE_URL}/$process-message` },
    });
    // What the service reads of the referral and the person at /fhir/R4, no more and no less.
    const [serviceRequest, patient] = await Promise.all([service.get(`ServiceRequest/${pathway.id}`), service.get(`Patient/${pathway.id}`)]);
    expect(resourceOf(bundle, 'ServiceRequest')).toEqual(serviceRequest);
    expect(resourceOf(bundle, 'Patient')).toEqual(patient);
    // The UK Core rule checked by hand holds, and would catch a wrong check digit.
    expect(patient.identifier[0]).toEqual({ system: SYSTEMS.nhsNumber, value: '9434765919' });
    expect(r4Issues({ ...patient, identifier: [{ system: SYSTEMS.nhsNumber, value: '9434765918' }] })).toEqual([expect.stringContaining('is not an NHS number')]);
    expect(serviceRequest).toMatchObject({ status: 'active', performer: [{ reference: `Organization/${SERVICE}` }] });

    // The service's system answers through Throughcare's $process-message: the referral is accepted.
    const answer = barsResponse(pathway.id, { status: 'active' });
    const first = await service.send('post', '$process-message', answer, 200);
    expect(resourceOf(first, 'Task')).toMatchObject({ id: task.id, status: 'accepted' });
    const read = await service.get(`Task/${task.id}`);
    // The same answer again changes nothing and answers as the first did.
    expect(await service.send('post', '$process-message', answer, 200)).toEqual(first);
    expect((await service.get(`Task/${task.id}`)).meta.versionId).toBe(read.meta.versionId);

    // The service books the first appointment by message: the booking step is done, as a POST of the Appointment would do it.
    const start = new Date(Date.now() + 2 * 864e5).toISOString().replace(/\.\d{3}Z$/, '+00:00');
    const booking = barsBooking(pathway.id, start);
    const booked = await service.send('post', '$process-message', booking, 200);
    expect(booked.entry[0].resource).toMatchObject({ eventCoding: { code: 'booking-response' }, response: { identifier: booking.entry[0].resource.id, code: 'ok' } });
    const appointment = resourceOf(booked, 'Appointment');
    expect(appointment).toMatchObject({ status: 'booked', basedOn: [{ reference: `ServiceRequest/${pathway.id}` }] });
    expect(new Date(appointment.start).getTime()).toBe(new Date(start).getTime());
    expect(await service.get(`Appointment/${appointment.id}`)).toMatchObject({ status: 'booked' });
    const bookedVersion = (await service.get(`Appointment/${appointment.id}`)).meta.versionId;
    expect(await service.send('post', '$process-message', { ...booking, timestamp: new Date().toISOString() }, 200)).toEqual(booked);
    expect((await service.get(`Appointment/${appointment.id}`)).meta.versionId).toBe(bookedVersion);

    // The prison cancels: the revoked referral reaches the service's system as an update.
    await prison.post(`/v1/pathways/${pathway.id}/cancel`, { reason: 'Registered in error' });
    await eventually('the revoked referral sent as an update', async () => messagesAbout(pathway.id).length >= 2);
    const messages = messagesAbout(pathway.id);
    // Exactly one message per change: the referral, then its revocation.
    expect(messages.map((m) => m.bundle.entry[0].resource.reason.coding[0].code)).toEqual(['new', 'update']);
    const update = messages[1].bundle;
    expectValidR4(update);
    expect(resourceOf(update, 'ServiceRequest')).toMatchObject({ id: pathway.id, status: 'revoked' });
    expect(messages[1].headers['x-request-id']).not.toBe(sent.headers['x-request-id']);
    const bars = ((await admin.get(`/v1/pathways/${pathway.id}/deliveries`)) as unknown as Json[]).filter((d) => d.channel === 'bars');
    expect(bars.map((d) => [d.event, d.target])).toEqual(expect.arrayContaining([['task.created', 'new'], ['pathway.outcome', 'update']]));
    expect(bars).toHaveLength(2);
  });
});

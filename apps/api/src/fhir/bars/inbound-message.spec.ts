import { toProblem } from '@throughcare/problem';
import { BARS } from '@throughcare/fhir';
import { readInboundMessage, ServiceRequestResponse } from './inbound-message';

const REFERRAL = '0b8f1c2e-5d6a-4e7b-9c0d-1e2f3a4b5c6d';

const message = (serviceRequest: object, header: object = {}) => ({
  resourceType: 'Bundle',
  type: 'message',
  entry: [
    {
      fullUrl: 'urn:uuid:3f9a0a52-8a3e-4c55-9a0e-4b5d2b1f7c11',
      resource: { resourceType: 'MessageHeader', id: 'msg-1', eventCoding: { system: BARS.events, code: 'servicerequest-response' }, source: { endpoint: 'https://cms.example/bars' }, focus: [{ reference: 'urn:uuid:6a1d' }], ...header },
    },
    { fullUrl: 'urn:uuid:6a1d', resource: { resourceType: 'ServiceRequest', id: REFERRAL, intent: 'plan', subject: { display: 'x' }, ...serviceRequest } },
  ],
});

const refusal = (body: unknown) => {
  try {
    readInboundMessage(body);
  } catch (err) {
    return toProblem(err).problem;
  }
  throw new Error('not refused');
};

describe(readInboundMessage.name, () => {
  it('reads an accepted referral from an active ServiceRequest', () => {
    expect(readInboundMessage(message({ status: 'active' }))).toEqual({ event: 'servicerequest-response', messageId: 'msg-1', referralId: REFERRAL, answer: 'accepted', asks: [REFERRAL, 'accepted', null] });
  });

  it('reads a declined referral, with its reason, from a revoked ServiceRequest', () => {
    expect(readInboundMessage(message({ status: 'revoked', note: [{ text: ' Out of area ' }] }))).toMatchObject({ answer: 'rejected', reason: 'Out of area' });
  });

  it('finds the focus by type and id as well as by fullUrl', () => {
    expect((readInboundMessage(message({ status: 'active' }, { focus: [{ reference: `ServiceRequest/${REFERRAL}` }] })) as ServiceRequestResponse).referralId).toBe(REFERRAL);
  });

  it('reads a booking: the Appointment its header focuses, and what it asks (the referral and the time)', () => {
    const appointment = { resourceType: 'Appointment', status: 'booked', start: '2027-03-15T10:30:00+00:00', basedOn: [{ reference: `ServiceRequest/${REFERRAL}` }], participant: [{ status: 'accepted' }] };
    const booking = {
      resourceType: 'Bundle',
      type: 'message',
      entry: [
        { fullUrl: 'urn:uuid:1', resource: { resourceType: 'MessageHeader', id: 'msg-2', eventCoding: { system: BARS.events, code: 'booking-request' }, source: { endpoint: 'https://cms.example/bars' }, focus: [{ reference: 'urn:uuid:2' }] } },
        { fullUrl: 'urn:uuid:2', resource: appointment },
      ],
    };
    expect(readInboundMessage(booking)).toEqual({ event: 'booking-request', messageId: 'msg-2', appointment, asks: ['booking', [`ServiceRequest/${REFERRAL}`], '2027-03-15T10:30:00+00:00'] });
    expect(refusal({ ...booking, entry: [booking.entry[0], { fullUrl: 'urn:uuid:2', resource: { resourceType: 'ServiceRequest', id: REFERRAL } }] })).toMatchObject({ status: 400, detail: expect.stringContaining('Appointment') });
  });

  it('refuses what is not a message it takes, naming the field', () => {
    expect(refusal({ resourceType: 'Task' })).toMatchObject({ status: 400, detail: expect.stringContaining('resourceType') });
    expect(refusal({ ...message({ status: 'active' }), type: 'collection' })).toMatchObject({ status: 400, detail: expect.stringContaining('type') });
    expect(refusal({ ...message({ status: 'active' }), entry: [message({}).entry[1]] })).toMatchObject({ status: 400, detail: expect.stringContaining('MessageHeader') });
    expect(refusal(message({ status: 'active' }, { id: 'has spaces' }))).toMatchObject({ status: 400 });
    expect(refusal(message({ status: 'active' }, { eventCoding: { system: BARS.events, code: 'servicerequest-request' } }))).toMatchObject({ status: 422, type: 'message-not-supported' });
    expect(refusal(message({ status: 'active' }, { focus: [{ reference: 'urn:uuid:elsewhere' }] }))).toMatchObject({ status: 400, detail: expect.stringContaining('focus') });
    expect(refusal(message({ status: 'active', id: 'not-ours' }))).toMatchObject({ status: 400, detail: expect.stringContaining('ServiceRequest.id') });
    expect(refusal(message({ status: 'revoked' }))).toMatchObject({ status: 400, detail: expect.stringContaining('reason') });
    expect(refusal(message({ status: 'completed' }))).toMatchObject({ status: 400, detail: expect.stringContaining('active') });
  });
});

import { MAX_BODY_BYTES, parseHmppsMessage } from './hmpps-event';

const event = {
  eventType: 'prison-offender-events.prisoner.released',
  version: 1,
  occurredAt: '2027-03-11T07:03:00Z',
  additionalInformation: { nomsNumber: 'A1234BC', reason: 'RELEASED', prisonId: 'LEI', nomisMovementReasonCode: 'CR', currentLocation: 'OUTSIDE_PRISON', somethingNew: { nested: true } },
  personReference: { identifiers: [{ type: 'NOMS', value: 'A1234BC' }] },
  unknownField: 'kept out',
};

const body = (over: Record<string, unknown> = {}, message: unknown = event) =>
  JSON.stringify({
    Type: 'Notification',
    MessageId: '5a8f9c1e-0000-4000-8000-000000000001',
    TopicArn: 'arn:aws:sns:eu-west-2:000000000000:hmpps-domain-events',
    Message: typeof message === 'string' ? message : JSON.stringify(message),
    Timestamp: '2027-03-11T08:00:00.000Z',
    MessageAttributes: { eventType: { Type: 'String', Value: 'prison-offender-events.prisoner.released' } },
    ...over,
  });

describe(parseHmppsMessage.name, () => {
  it('reads the SNS envelope and the event inside it, ignoring unknown fields', () => {
    expect(parseHmppsMessage(body())).toEqual({
      ok: true,
      event: {
        messageId: '5a8f9c1e-0000-4000-8000-000000000001',
        eventType: 'prison-offender-events.prisoner.released',
        occurredAt: new Date('2027-03-11T07:03:00Z'),
        prisonNumber: 'A1234BC',
        info: { nomsNumber: 'A1234BC', reason: 'RELEASED', prisonId: 'LEI', nomisMovementReasonCode: 'CR', currentLocation: 'OUTSIDE_PRISON' },
      },
    });
  });

  it('routes on the eventType attribute, falling back to the event field', () => {
    const { eventType: _, ...untyped } = event;
    const parsed = parseHmppsMessage(body({}, untyped));
    expect(parsed.ok && parsed.event.eventType).toBe('prison-offender-events.prisoner.released');
    const fallback = parseHmppsMessage(body({ MessageAttributes: undefined }));
    expect(fallback.ok && fallback.event.eventType).toBe('prison-offender-events.prisoner.released');
  });

  it('reads an occurredAt without an offset as London time, as NOMIS records it', () => {
    const summer = parseHmppsMessage(body({}, { ...event, occurredAt: '2027-07-01T00:30:00' }));
    expect(summer.ok && summer.event.occurredAt).toEqual(new Date('2027-06-30T23:30:00Z'));
    const offset = parseHmppsMessage(body({}, { ...event, occurredAt: '2027-07-01T00:30:00+01:00' }));
    expect(offset.ok && offset.event.occurredAt).toEqual(new Date('2027-06-30T23:30:00Z'));
  });

  it('takes the prison number from personReference when additionalInformation has none', () => {
    const parsed = parseHmppsMessage(body({}, { ...event, additionalInformation: { reason: 'RELEASED' } }));
    expect(parsed.ok && parsed.event.prisonNumber).toBe('A1234BC');
  });

  it.each([
    ['too-large', () => body({ padding: 'x'.repeat(MAX_BODY_BYTES) })],
    ['not-json', () => '{"Type":'],
    ['not-a-notification', () => body({ Type: 'SubscriptionConfirmation' })],
    ['no-message-id', () => body({ MessageId: undefined })],
    ['event-not-json', () => body({}, '{"eventType"')],
    ['no-event-type', () => { const { eventType: _, ...untyped } = event; return body({ MessageAttributes: {} }, untyped); }],
    ['bad-occurred-at', () => body({}, { ...event, occurredAt: 'yesterday' })],
    ['nul-character', () => body({}, { ...event, additionalInformation: { ...event.additionalInformation, prisonId: 'LE\u0000I' } })],
    ['field-too-long', () => body({}, { ...event, additionalInformation: { details: 'x'.repeat(1001) } })],
    ['bad-prison-number', () => body({}, { ...event, additionalInformation: { nomsNumber: "A1234BC' OR 1=1" } })],
  ])('refuses a message that is %s', (refusal, make) => {
    expect(parseHmppsMessage(make())).toEqual({ ok: false, refusal });
  });

  it('reads calculate-release-dates’ prisonerId as the prison number, with no personReference', () => {
    const changed = { eventType: 'calculate-release-dates.prisoner.changed', version: 1, occurredAt: '2027-03-11T07:03:00Z', additionalInformation: { prisonerId: 'A1234BC', bookingId: '1200835' } };
    const parsed = parseHmppsMessage(body({ MessageAttributes: { eventType: { Type: 'String', Value: changed.eventType } } }, changed));
    expect(parsed).toMatchObject({ ok: true, event: { eventType: changed.eventType, prisonNumber: 'A1234BC' } });
  });

  it('keeps the categories a Prisoner Search update names, and only their strings', () => {
    const updated = { eventType: 'prisoner-offender-search.prisoner.updated', occurredAt: '2027-03-11T07:03:00Z', additionalInformation: { nomsNumber: 'A1234BC', categoriesChanged: ['SENTENCE', 7, 'LOCATION'] } };
    const parsed = parseHmppsMessage(body({ MessageAttributes: { eventType: { Type: 'String', Value: updated.eventType } } }, updated));
    expect(parsed).toMatchObject({ ok: true, event: { categoriesChanged: ['SENTENCE', 'LOCATION'] } });
  });
});

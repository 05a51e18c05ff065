import { barsHeaders, messageReason } from './referral-message';

const decoded = (value: string) => JSON.parse(Buffer.from(value, 'base64').toString('utf8'));

describe(barsHeaders.name, () => {
  it('sets the request and correlation ids, and the structured headers as base64 FHIR JSON', () => {
    const headers = barsHeaders({
      requestId: 'req-1',
      correlationId: 'corr-1',
      target: { system: 'https://fhir.nhs.uk/Id/dos-service-id', value: '2000072489' },
      endUserOrganisation: { resourceType: 'Organization', id: 'LEI', identifier: [{ system: 'https://throughcare.dev/fhir/Id/organisation-code', value: 'LEI' }], name: 'HMP Leeds' },
      softwareVersion: '1.4.0',
    });
    expect(headers).toMatchObject({ 'Content-Type': 'application/fhir+json', 'X-Request-Id': 'req-1', 'X-Correlation-Id': 'corr-1' });
    expect(decoded(headers['NHSD-Target-Identifier'])).toEqual({ system: 'https://fhir.nhs.uk/Id/dos-service-id', value: '2000072489' });
    expect(decoded(headers['NHSD-End-User-Organisation'])).toEqual({ resourceType: 'Organization', identifier: [{ system: 'https://throughcare.dev/fhir/Id/organisation-code', value: 'LEI' }], name: 'HMP Leeds' });
    expect(decoded(headers['NHSD-Requesting-Software'])).toMatchObject({ resourceType: 'Device', deviceName: [{ name: 'Throughcare' }], version: [{ value: '1.4.0' }] });
  });
});

describe(messageReason.name, () => {
  it('sends a referral as new, and a revoked one as an update', () => {
    expect(messageReason({ status: 'active' })).toBe('new');
    expect(messageReason({ status: 'revoked' })).toBe('update');
  });
});

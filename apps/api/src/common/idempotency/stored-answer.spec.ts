import { storedAnswer } from './stored-answer';

const stored = (body: unknown): unknown => JSON.parse(storedAnswer(body));

describe(storedAnswer.name, () => {
  it('keeps a rotated secret out of the stored answer, with a marker in its place', () => {
    const answer = { id: 'w1', url: 'https://cts.example.org/hook', secret: 'whsec_abc', previousSecretValidUntil: null };
    expect(stored(answer)).toEqual({ id: 'w1', url: 'https://cts.example.org/hook', previousSecretValidUntil: null, secretShownOnce: true });
  });

  it('keeps the secret of each endpoint made out of a stored list, and leaves the others as they were', () => {
    const answer = { organisation: 'CTS', teamEmail: null, webhooks: [{ id: 'w1', secret: 'whsec_abc' }, { id: 'w2' }] };
    expect(stored(answer)).toEqual({ organisation: 'CTS', teamEmail: null, webhooks: [{ id: 'w1', secretShownOnce: true }, { id: 'w2' }] });
    expect(storedAnswer(answer)).not.toContain('whsec_');
  });

  it('stores an answer without secrets as it is', () => {
    const answer = { id: 'p1', tasks: [{ id: 't1', dueAt: '2027-01-08T17:00:00.000Z' }], count: 2, closed: false, at: new Date('2027-01-08T17:00:00Z') };
    expect(stored(answer)).toEqual({ ...answer, at: '2027-01-08T17:00:00.000Z' });
    expect(stored(undefined)).toBeNull();
    expect(stored(null)).toBeNull();
    expect(stored('text')).toBe('text');
  });

  it("keeps the person's mobile number out of a stored pathway answer, with a marker in its place", () => {
    const contact = { mobileNumber: '+447700123456', mobileNumberInWords: '07700 123456', consentToText: 'yes', withdrawnAt: null };
    const answer = { id: 'p1', status: 'active', contact };
    expect(stored(answer)).toEqual({ id: 'p1', status: 'active', contact: { ...contact, mobileNumber: null, mobileNumberInWords: null, mobileNumberShownOnce: true } });
    expect(storedAnswer(answer)).not.toMatch(/7700/);
    // A withdrawn contact holds no number: nothing to mark.
    const withdrawn = { ...contact, mobileNumber: null, mobileNumberInWords: null, consentToText: 'withdrawn' };
    expect(stored({ id: 'p1', contact: withdrawn })).toEqual({ id: 'p1', contact: withdrawn });
  });
});

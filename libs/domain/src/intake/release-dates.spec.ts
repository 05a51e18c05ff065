import { asksForReleaseDateCheck, decideReleaseDate, readReleaseDate, RELEASE_DATE_EVENTS } from './release-dates';

describe('asksForReleaseDateCheck', () => {
  it('asks for a read on a Prisoner Search update only when the SENTENCE category changed', () => {
    expect(asksForReleaseDateCheck(RELEASE_DATE_EVENTS.searchUpdated, ['PERSONAL_DETAILS', 'SENTENCE'])).toBe(true);
    expect(asksForReleaseDateCheck(RELEASE_DATE_EVENTS.searchUpdated, ['PERSONAL_DETAILS'])).toBe(false);
    expect(asksForReleaseDateCheck(RELEASE_DATE_EVENTS.searchUpdated)).toBe(false);
  });

  it('asks for a read on sentence dates changed and on a new calculation', () => {
    expect(asksForReleaseDateCheck(RELEASE_DATE_EVENTS.sentenceDatesChanged)).toBe(true);
    expect(asksForReleaseDateCheck(RELEASE_DATE_EVENTS.calculationChanged)).toBe(true);
    expect(asksForReleaseDateCheck('prison-offender-events.prisoner.released')).toBe(false);
  });
});

describe('readReleaseDate', () => {
  it.each([
    ['conditionalReleaseDate', 'CRD'],
    ['automaticReleaseDate', 'ARD'],
    ['postRecallReleaseDate', 'PRRD'],
    ['homeDetentionCurfewActualDate', 'HDCAD'],
  ])('takes the type from the key date the release date equals: %s is %s', (field, type) => {
    expect(readReleaseDate({ releaseDate: '2027-03-10', [field]: '2027-03-10', sentenceExpiryDate: '2029-01-01' } as never)).toEqual({
      kind: 'date',
      releaseDate: '2027-03-10',
      releaseDateType: type,
    });
  });

  it('prefers the confirmed release date to the release date', () => {
    expect(readReleaseDate({ releaseDate: '2027-03-10', confirmedReleaseDate: '2027-02-01', conditionalReleaseDate: '2027-03-10', homeDetentionCurfewActualDate: '2027-02-01' })).toEqual({
      kind: 'date',
      releaseDate: '2027-02-01',
      releaseDateType: 'HDCAD',
    });
  });

  it('says when the date equals no key date, and when there is no date at all', () => {
    expect(readReleaseDate({ releaseDate: '2027-03-10', conditionalReleaseDate: '2027-04-01' })).toEqual({ kind: 'unmatched', releaseDate: '2027-03-10' });
    expect(readReleaseDate({ releaseDate: null, confirmedReleaseDate: null })).toEqual({ kind: 'none' });
  });
});

describe('decideReleaseDate', () => {
  const current = { releaseDate: '2027-03-10', releaseDateType: 'CRD' };

  it('changes the date, or its type alone, when NOMIS has recalculated it', () => {
    expect(decideReleaseDate(current, { kind: 'date', releaseDate: '2027-02-01', releaseDateType: 'HDCAD' })).toEqual({ action: 'change', releaseDate: '2027-02-01', releaseDateType: 'HDCAD' });
    expect(decideReleaseDate(current, { kind: 'date', releaseDate: '2027-03-10', releaseDateType: 'ARD' })).toEqual({ action: 'change', releaseDate: '2027-03-10', releaseDateType: 'ARD' });
  });

  it('changes nothing for the same date, however NOMIS types it, or for no date', () => {
    expect(decideReleaseDate(current, { kind: 'date', releaseDate: '2027-03-10', releaseDateType: 'CRD' })).toEqual({ action: 'none', why: 'unchanged' });
    expect(decideReleaseDate(current, { kind: 'unmatched', releaseDate: '2027-03-10' })).toEqual({ action: 'none', why: 'unchanged' });
    expect(decideReleaseDate(current, { kind: 'none' })).toEqual({ action: 'none', why: 'no-date' });
  });

  it('puts a new date with no matching type in front of a person', () => {
    expect(decideReleaseDate(current, { kind: 'unmatched', releaseDate: '2027-04-01' })).toEqual({ action: 'review', why: 'unmatched' });
  });
});

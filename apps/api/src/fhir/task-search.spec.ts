import { isDomainError, toProblem } from '@throughcare/problem';
import { parseTaskSearch, prefersStrict } from './task-search';

/** The fields a refusal names, or `accepted`. */
function refusal(query: string, strict = false): string {
  try {
    parseTaskSearch(query, strict);
    return 'accepted';
  } catch (err) {
    if (!isDomainError(err)) throw err;
    const { problem } = toProblem(err);
    return (problem.extensions!.errors as Array<{ field: string }>).map((e) => e.field).join(',');
  }
}

describe('Task search parameters', () => {
  it('reads each supported parameter, comma as OR and repetition as AND', () => {
    const search = parseTaskSearch('owner=Organization/CTS-LDS,CTS-BHM&status=requested&status=ready,accepted&code=https://throughcare.dev/fhir/CodeSystem/task-type|referral,other|x,naloxone&_count=500&_include=Task:focus', false);
    expect(search).toMatchObject({
      owner: [['CTS-LDS', 'CTS-BHM']],
      status: [['requested'], ['ready', 'accepted']],
      code: [['referral', '', 'naloxone']],
      count: 100,
      includes: ['Task:focus'],
    });
  });

  it('takes a day in _lastUpdated as the whole London day', () => {
    const search = parseTaskSearch('_lastUpdated=gt2027-07-01&_lastUpdated=lt2027-07-03', false);
    // British Summer Time: the London day starts at 23:00 UTC the day before.
    expect(search.updatedAfter.map((d) => d.toISOString())).toEqual(['2027-07-01T22:59:59.999Z']);
    expect(search.updatedBefore.map((d) => d.toISOString())).toEqual(['2027-07-02T23:00:00.000Z']);
  });

  it('ignores unknown parameters and _include values unless strict, and keeps them out of the links', () => {
    const lenient = parseTaskSearch('colour=blue&_include=Task:owner&status=ready', false);
    expect(lenient.canonical.toString()).toBe('status=ready');
    expect(refusal('colour=blue&_include=Task:owner', true)).toBe('colour,_include');
  });

  it.each([
    ['_lastUpdated=eq2027-01-01', '_lastUpdated'],
    ['_lastUpdated=gt1899-12-31', '_lastUpdated'],
    ['_lastUpdated=lt2200-01-01T00:00:00Z', '_lastUpdated'],
    ['_lastUpdated=gt2027-01-01T10:00:00', '_lastUpdated'],
    ['status:missing=true', 'status:missing'],
    ['status=', 'status'],
    ['owner=a%20b', 'owner'],
    ['patient=1', 'patient'],
    ['_count=0', '_count'],
    ['_count=99999999', '_count'],
    ['_sort=_lastUpdated', '_sort'],
    ['_cursor=bm90IGpzb24', '_cursor'],
    ['_format=xml', '_format'],
  ])('refuses %s', (query, field) => {
    expect(refusal(query)).toBe(field);
  });

  it('reads Prefer: handling=strict among other preferences', () => {
    expect(prefersStrict('return=minimal, handling=strict')).toBe(true);
    expect(prefersStrict('handling = strict')).toBe(true);
    expect(prefersStrict('handling=lenient')).toBe(false);
    expect(prefersStrict(undefined)).toBe(false);
  });
});

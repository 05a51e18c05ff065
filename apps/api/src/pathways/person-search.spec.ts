import { likeLiteral, personSearchOf, typedDate } from './person-search';

describe('personSearchOf', () => {
  it('reads a prison number, in any case', () => {
    expect(personSearchOf(' a1234bc ')).toEqual({ kind: 'prison-number', prisonNumber: 'A1234BC' });
  });

  it('reads an NHS number, spaced or not', () => {
    expect(personSearchOf('943 476 5919')).toEqual({ kind: 'nhs-number', nhsNumber: '9434765919' });
    expect(personSearchOf('9434765919')).toEqual({ kind: 'nhs-number', nhsNumber: '9434765919' });
  });

  it('reads a date of birth day first or as ISO', () => {
    for (const typed of ['12/4/1985', '12 4 1985', '12-04-1985', '12.04.1985', '1985-04-12']) expect(personSearchOf(typed)).toEqual({ kind: 'date-of-birth', dateOfBirth: '1985-04-12' });
  });

  it('knows a date-shaped search that is no real day', () => {
    expect(typedDate('31/2/1985')).toBe(false);
    expect(typedDate('Sam')).toBeUndefined();
    expect(personSearchOf('31/2/1985')).toEqual({ kind: 'name', words: ['31/2/1985'] });
  });

  it('reads anything else as a name, word by word, at most five words', () => {
    expect(personSearchOf('  Zoë   Example ')).toEqual({ kind: 'name', words: ['Zoë', 'Example'] });
    expect(personSearchOf('a b c d e f g')).toEqual({ kind: 'name', words: ['a', 'b', 'c', 'd', 'e'] });
    expect(personSearchOf('   ')).toBeUndefined();
  });
});

describe('likeLiteral', () => {
  it('takes LIKE wildcards and its escape as text', () => {
    expect(likeLiteral('50%_a\\b')).toBe('50\\%\\_a\\\\b');
  });
});

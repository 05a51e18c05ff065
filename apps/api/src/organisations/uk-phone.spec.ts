import { normalisePostcode, phoneInWords } from './profiles';
import { normaliseUkPhone } from './uk-phone';

describe('UK phone numbers and postcodes in one spelling', () => {
  it.each(['0113 496 0123', '01134960123', '(0113) 496-0123', '+44 113 496 0123', '+44 (0)113 496 0123', '0044 113 496 0123'])('stores %s as +441134960123', (typed) => {
    expect(normaliseUkPhone(typed)).toBe('+441134960123');
  });

  it.each(['01632 960001', '0113 496', '+33 1 23 45 67 89', 'call us', '', 42, '0'.repeat(50)])('refuses %p', (typed) => {
    expect(normaliseUkPhone(typed)).toBeUndefined();
  });

  it('says a stored number as people dial it', () => {
    expect(phoneInWords('+441134960123')).toBe('0113 496 0123');
    expect(phoneInWords('+447700900123')).toBe('07700 900123');
  });

  it.each([
    ['ls2 7zz', 'LS2 7ZZ'],
    ['LS27ZZ', 'LS2 7ZZ'],
    [' b5  4zz ', 'B5 4ZZ'],
    ['EC1A1BB', 'EC1A 1BB'],
  ])('spells the postcode %p as %p', (typed, stored) => {
    expect(normalisePostcode(typed)).toBe(stored);
  });
});

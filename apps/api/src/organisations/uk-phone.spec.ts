import { normalisePostcode, phoneInWords } from './profiles';
import { normaliseUkMobile, normaliseUkPhone } from './uk-phone';

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

  it.each(['07700 123456', '07700123456', '+44 7700 123456', '+447700123456', '447700123456', '0044 7700 123 456', '+44 (0)7700 123456', '(07700) 123-456', '07700.123.456', ' 07700 123456 '])(
    'takes %p as the UK mobile +447700123456',
    (typed) => {
      expect(normaliseUkMobile(typed)).toEqual({ e164: '+447700123456' });
    },
  );

  it.each([
    ['a landline', '0113 496 0123', 'not-a-mobile'],
    ['a personal number', '07000 123456', 'not-a-mobile'],
    ['a pager', '07623 123456', 'not-a-mobile'],
    ["another country's mobile", '+33 6 12 34 56 78', 'not-a-mobile'],
    ["Ofcom's drama range, never allocated", '07700 900123', 'not-a-phone-number'],
    ['too few digits', '07700 12345', 'not-a-phone-number'],
    ['a number inside words', 'call 07700 123456', 'not-a-phone-number'],
    ['other digits than 0 to 9', '٠٧٧٠٠١٢٣٤٥٦', 'not-a-phone-number'],
    ['an extension', '07700 123456 ext 5', 'not-a-phone-number'],
    ['a control character', '07700\u0000123456', 'not-a-phone-number'],
    ['a number', 7700123456, 'not-a-phone-number'],
    ['nothing', '', 'not-a-phone-number'],
    ['far too long', '0'.repeat(31), 'not-a-phone-number'],
  ])('refuses %s (%p) as %s', (_, typed, refused) => {
    expect(normaliseUkMobile(typed)).toEqual({ refused });
  });

  it("takes the Channel Islands' and the Isle of Man's mobiles, which share the UK's numbering", () => {
    expect(normaliseUkMobile('07781 123456')).toEqual({ e164: '+447781123456' });
    expect(normaliseUkMobile('07624 123456')).toEqual({ e164: '+447624123456' });
  });
});

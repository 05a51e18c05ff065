import { isValidNhsNumber, PRISON_NUMBER_PATTERN } from './nhs-number';

describe('NHS numbers', () => {
  it('accepts a number whose check digit is right, with or without spaces', () => {
    expect(isValidNhsNumber('9434765919')).toBe(true);
    expect(isValidNhsNumber('943 476 5919')).toBe(true);
  });

  it('rejects a wrong check digit, a check digit of 10, and the wrong length', () => {
    expect(isValidNhsNumber('9434765918')).toBe(false);
    expect(isValidNhsNumber('0000000060')).toBe(false);
    expect(isValidNhsNumber('943476591')).toBe(false);
  });
});

describe('prison numbers', () => {
  it('match a letter, four digits and two letters', () => {
    expect(PRISON_NUMBER_PATTERN.test('A1234BC')).toBe(true);
    expect(PRISON_NUMBER_PATTERN.test('a1234bc')).toBe(false);
    expect(PRISON_NUMBER_PATTERN.test('A12345C')).toBe(false);
  });
});

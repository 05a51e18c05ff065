import { canonicalNhsNumber, isValidNhsNumber, PRISON_NUMBER_PATTERN } from './nhs-number';

describe('NHS numbers', () => {
  it('accepts ten digits whose check digit is right', () => {
    expect(isValidNhsNumber('9434765919')).toBe(true);
  });

  it('rejects a wrong check digit, a check digit of 10, and the wrong length', () => {
    expect(isValidNhsNumber('9434765918')).toBe(false);
    expect(isValidNhsNumber('0000000060')).toBe(false);
    expect(isValidNhsNumber('943476591')).toBe(false);
    expect(isValidNhsNumber('94347659190')).toBe(false);
  });

  it('rejects numbers whose digits are all the same, though some pass the check digit', () => {
    for (let d = 0; d <= 9; d++) expect(isValidNhsNumber(String(d).repeat(10))).toBe(false);
  });

  it('rejects any whitespace in what it checks: the caller makes the number canonical first', () => {
    for (const n of ['943 476 5919', '943\t476\t5919', '9434765919\n', ' 9434765919']) expect(isValidNhsNumber(n)).toBe(false);
  });

  it('makes 3-3-4 with single spaces canonical, and leaves any other spacing for the check to refuse', () => {
    expect(canonicalNhsNumber('943 476 5919')).toBe('9434765919');
    expect(canonicalNhsNumber('9434765919')).toBe('9434765919');
    for (const n of ['943  476 5919', '943\t476\t5919', '943\n476 5919', '9434 765 919', ' 943 476 5919']) expect(canonicalNhsNumber(n)).toBe(n);
  });
});

describe('prison numbers', () => {
  it('match a letter, four digits and two letters', () => {
    expect(PRISON_NUMBER_PATTERN.test('A1234BC')).toBe(true);
    expect(PRISON_NUMBER_PATTERN.test('a1234bc')).toBe(false);
    expect(PRISON_NUMBER_PATTERN.test('A12345C')).toBe(false);
  });
});

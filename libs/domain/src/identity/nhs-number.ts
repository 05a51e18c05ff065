/**
 * NHS number: ten digits whose last is a modulus-11 check digit (NHS Data Dictionary).
 * Stored as its ten digits. Typed in, it may be grouped 3-3-4 with single spaces, as printed
 * on NHS letters; any other spacing (tabs, line breaks, doubled spaces) is refused, as are
 * numbers whose digits are all the same (0000000000 passes the check digit but is no one's).
 */
const DIGITS = /^\d{10}$/;
const GROUPED = /^(\d{3}) (\d{3}) (\d{4})$/;

export function isValidNhsNumber(value: string): boolean {
  if (!DIGITS.test(value) || /^(\d)\1{9}$/.test(value)) return false;
  const sum = [...value.slice(0, 9)].reduce((acc, d, i) => acc + Number(d) * (10 - i), 0);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(value[9]);
}

/** The ten digits of an NHS number typed as ten digits or as 3-3-4 with single spaces; anything else as given. */
export function canonicalNhsNumber(value: string): string {
  const grouped = GROUPED.exec(value);
  return grouped ? grouped.slice(1).join('') : value;
}

/** Prison number (NOMS number), e.g. A1234BC. */
export const PRISON_NUMBER_PATTERN = /^[A-Z][0-9]{4}[A-Z]{2}$/;

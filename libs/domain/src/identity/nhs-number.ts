/** NHS number: ten digits whose last is a modulus-11 check digit (NHS Data Dictionary). */
export function isValidNhsNumber(value: string): boolean {
  const digits = value.replace(/\s/g, '');
  if (!/^\d{10}$/.test(digits)) return false;
  const sum = [...digits.slice(0, 9)].reduce((acc, d, i) => acc + Number(d) * (10 - i), 0);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(digits[9]);
}

/** Prison number (NOMS number), e.g. A1234BC. */
export const PRISON_NUMBER_PATTERN = /^[A-Z][0-9]{4}[A-Z]{2}$/;

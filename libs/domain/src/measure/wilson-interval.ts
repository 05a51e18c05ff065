/**
 * The Wilson score interval for a proportion: the interval Public Health England and OHID
 * publish with PHOF indicators such as C20, because unlike the normal approximation it stays
 * inside 0–1 and behaves for small counts and rates near 0 or 1.
 */

export interface Interval {
  lower: number;
  upper: number;
}

/** z for a two-sided 95% interval. */
export const Z_95 = 1.959963984540054;

/** The Wilson interval of `successes` out of `trials`; undefined when there are no trials. */
export function wilsonInterval(successes: number, trials: number, z = Z_95): Interval | undefined {
  if (trials <= 0) return undefined;
  if (successes < 0 || successes > trials) throw new RangeError(`${successes} successes out of ${trials} trials`);
  const p = successes / trials;
  const z2 = z * z;
  const centre = (p + z2 / (2 * trials)) / (1 + z2 / trials);
  const half = (z / (1 + z2 / trials)) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  // At the ends the bound is exactly 0 or 1; floating point would leave 1e-16 either side.
  return { lower: successes === 0 ? 0 : centre - half, upper: successes === trials ? 1 : centre + half };
}

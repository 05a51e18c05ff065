import { wilsonInterval } from './wilson-interval';

describe(wilsonInterval.name, () => {
  // Reference values: Newcombe (1998), "Two-sided confidence intervals for the single
  // proportion", Statistics in Medicine 17:857–872, Table I, method 3 (Wilson, no continuity correction).
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('gives Newcombe’s interval for %i of %i', (x, n, lower, upper) => {
    const interval = wilsonInterval(x, n)!;
    expect(interval.lower).toBeCloseTo(lower, 4);
    expect(interval.upper).toBeCloseTo(upper, 4);
  });

  it('is symmetric about one half', () => {
    const low = wilsonInterval(3, 10)!;
    const high = wilsonInterval(7, 10)!;
    expect(low.lower).toBeCloseTo(1 - high.upper, 12);
    expect(low.upper).toBeCloseTo(1 - high.lower, 12);
  });

  it('stays within 0 and 1 at the ends', () => {
    expect(wilsonInterval(10, 10)!.upper).toBe(1);
    expect(wilsonInterval(0, 10)!.lower).toBe(0);
  });

  it('has no interval without trials, and refuses impossible counts', () => {
    expect(wilsonInterval(0, 0)).toBeUndefined();
    expect(() => wilsonInterval(5, 4)).toThrow(RangeError);
  });
});

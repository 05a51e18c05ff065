import { percentileOf } from './lateness-histogram';

/** percentile_cont over the values written out, as PostgreSQL defines it. */
function percentileCont(values: number[], fraction: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = fraction * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return upper === lower ? sorted[lower] : sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
}

function histogramOf(values: number[]) {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].map(([value, count]) => ({ value, count }));
}

describe('a percentile read from a lateness histogram', () => {
  it('is null when nothing was late', () => {
    expect(percentileOf([], 0.5)).toBeNull();
    expect(percentileOf([{ value: 3, count: 0 }], 0.9)).toBeNull();
  });

  it('gives the one value there is', () => {
    expect(percentileOf([{ value: 3, count: 1 }], 0.5)).toBe(3);
    expect(percentileOf([{ value: 3, count: 7 }], 0.9)).toBe(3);
  });

  it('interpolates between the rows either side, as percentile_cont does', () => {
    expect(percentileOf(histogramOf([0, 1, 2, 10]), 0.5)).toBe(1.5);
    expect(percentileOf(histogramOf([0, 1, 2, 10]), 0.9)).toBeCloseTo(7.6, 12);
  });

  it('merges bins of the same value from the summary and the live rows, in any order', () => {
    const merged = [
      { value: 4, count: 2 },
      { value: 0, count: 3 },
      { value: 4, count: 1 },
      { value: 1, count: 5 },
    ];
    const values = [4, 4, 0, 0, 0, 4, 1, 1, 1, 1, 1];
    for (const fraction of [0.5, 0.9]) expect(percentileOf(merged, fraction)).toBe(percentileCont(values, fraction));
  });

  it('matches percentile_cont exactly on many spreads', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let run = 0; run < 200; run++) {
      const values = Array.from({ length: 1 + Math.floor(next() * 60) }, () => Math.floor(next() * next() * 30));
      for (const fraction of [0.5, 0.9]) expect(percentileOf(histogramOf(values), fraction)).toBe(percentileCont(values, fraction));
    }
  });
});

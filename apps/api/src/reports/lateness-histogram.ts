/**
 * A percentile read from counts per value, the same number PostgreSQL's `percentile_cont`
 * gives over the values themselves: the report's lateness comes partly from the folded summary,
 * which keeps counts, and partly live, so both are merged as histograms and read here.
 */

/** Counts per value (working days late), in any order; a value may appear more than once. */
export type Histogram = Array<{ value: number; count: number }>;

/** `percentile_cont(fraction)` over the values the histogram counts; null when it counts none. */
export function percentileOf(histogram: Histogram, fraction: number): number | null {
  const bins = histogram.filter((b) => b.count > 0).sort((a, b) => a.value - b.value);
  const total = bins.reduce((n, b) => n + b.count, 0);
  if (total === 0) return null;
  // As PostgreSQL does (percentile_cont_final_common): the rows either side of fraction × (n − 1), interpolated.
  const position = fraction * (total - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const valueAt = (row: number): number => {
    let seen = 0;
    for (const bin of bins) {
      seen += bin.count;
      if (row < seen) return bin.value;
    }
    return bins[bins.length - 1].value;
  };
  const first = valueAt(lower);
  if (upper === lower) return first;
  const second = valueAt(upper);
  return first + (second - first) * (position - lower);
}
